import { InvalidArgumentError } from 'commander';
import type { Schema } from '../mapping/schema.js';
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

/**
 * The largest value Elasticsearch takes for `size`, `max_samples_per_key` and a search's `size`: it reads them as a
 * Java int (`declareInt` in EqlSearchRequest, "out of range of int" beyond it).
 */
export const ES_INT_MAX = 2 ** 31 - 1;

/** commander parser for a whole-number flag in `min..max`, with the flag and the range named in the error. */
export function wholeNumber(flag: string, min: number, max = ES_INT_MAX) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max)
      throw new InvalidArgumentError(`${flag} needs a whole number from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

/** commander parser for a flag taking one of `allowed`, all of them named in the error. */
export function oneOf<T extends string>(flag: string, allowed: T[]) {
  return (v: string): T => {
    if (!(allowed as string[]).includes(v))
      throw new InvalidArgumentError(`${flag} must be one of ${allowed.join(', ')}`);
    return v as T;
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
