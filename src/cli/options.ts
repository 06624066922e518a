import { InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { Schema } from '../eql/schema.js';
import { describeJsonPath, MAX_JSON_DEPTH, pathBeyondDepth, type JsonStep } from '../json-depth.js';

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
    throw new UserError('MAPPING_INVALID', `${path}: not valid JSON: ${(e as Error).message}`);
  }
  checkMappingDepth(json, path);
  const schema = Schema.fromMapping(json);
  if (schema.fieldNames().length === 0)
    throw new UserError(
      'MAPPING_INVALID',
      `${path}: no "properties" found; expected an Elasticsearch mapping`,
    );
  return schema;
}

/**
 * A mapping nested deeper than Elasticsearch parses JSON (see json-depth.ts) is one it would refuse as a request
 * and could not print as a `GET _mapping` response: each object field takes two levels (its node and its
 * `properties`), so about 500 levels of objects. The error names the field where the limit is crossed.
 */
function checkMappingDepth(json: unknown, file: string): void {
  const steps = pathBeyondDepth(json, MAX_JSON_DEPTH);
  if (steps === null) return;
  const field = mappingFieldPath(steps);
  const limit = MAX_JSON_DEPTH.toLocaleString('en-US');
  throw new UserError(
    'MAPPING_INVALID',
    `${file}: the mapping nests deeper than ${limit} JSON levels, at ` +
      (field.length > 0
        ? `field ${describeJsonPath(field)} (${field.length.toLocaleString('en-US')} fields deep)`
        : describeJsonPath(steps)) +
      `: Elasticsearch refuses JSON nested deeper than ${limit} levels (its parser's maxNestingDepth), so no ` +
      'index can have this mapping',
  );
}

/** The field names along a path into a mapping: each key that follows a `properties` or `fields` key. */
function mappingFieldPath(steps: readonly JsonStep[]): string[] {
  const names: string[] = [];
  let fieldNext = false;
  for (const step of steps) {
    if (fieldNext && typeof step === 'string') names.push(step);
    fieldNext = !fieldNext && (step === 'properties' || step === 'fields');
  }
  return names;
}
