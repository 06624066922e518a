import { InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { Schema } from '../eql/schema.js';
import { locateJsonError } from '../json-position.js';

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

/** A schema from an Elasticsearch mapping file (a mapping body, `{mappings: ...}` or a GET _mapping response). */
export function loadMappingFile(path: string): Schema {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError('MAPPING_NOT_FOUND', `cannot read mapping file ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const { where, caret, reason } = locateJsonError(path, text, e);
    throw new UserError('MAPPING_INVALID', `${where}: not valid JSON: ${reason}${caret}`);
  }
  const schema = Schema.fromMapping(json);
  if (schema.fieldNames().length === 0)
    throw new UserError(
      'MAPPING_INVALID',
      `${path}: no "properties" found; expected an Elasticsearch mapping`,
    );
  return schema;
}
