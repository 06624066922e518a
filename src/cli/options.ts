import { InvalidArgumentError } from 'commander';
import type { Schema } from '../eql/schema.js';
import { readMappingFile } from './mapping-file.js';

/**
 * commander parser for a field name flag: not empty, no spaces (a shell quoting slip), no empty path segment; the
 * flag is named in the error.
 */
export function fieldName(flag: string) {
  return (value: string): string => {
    if (!/^[^\s.]+(\.[^\s.]+)*$/.test(value))
      throw new InvalidArgumentError(
        `${flag} needs a field name such as @timestamp or event.sequence, got "${value}"`,
      );
    return value;
  };
}

/** commander parser for a positive integer flag value, with the flag named in the error. */
export function positiveInt(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new InvalidArgumentError(`${flag} needs a positive integer, got "${value}"`);
    return Number(value);
  };
}

export function nonNegativeInt(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${flag} needs a whole number, got "${value}"`);
    return Number(value);
  };
}

/** Collects a repeatable flag into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A schema from an Elasticsearch mapping file: every index's merged, when it holds several (see mapping-file.ts). */
export function loadMappingFile(path: string): Schema {
  return readMappingFile(path).schema;
}
