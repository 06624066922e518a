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
