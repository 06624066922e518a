/**
 * `--mapping FILE` for offline runs: a mapping body (`{"properties": ...}`, `{"mappings": ...}`) applies to every
 * event; a `GET _mapping` response applies each index's own mapping to the events of that index (a file's name
 * without extension, or the `_index` its hits carry), as a cluster evaluates each shard against its own mapping.
 * Indices mapped alike count as one mapping, and one mapping is read as a body is. Queries are verified against
 * every index's mapping merged (as a cluster run does), which is also what events of an index the file does not
 * name are read with (query/offline.ts warns of it): which of the mappings applies to them cannot be known.
 */
import { readFileSync } from 'node:fs';
import { Schema } from '../mapping/schema.js';
import { UserError } from '../errors.js';
import { schemaFromMappings, type LoadedSchema, type MappingResponse } from '../mapping/index-mappings.js';
import { locateJsonError } from '../json-position.js';
import { describeJsonPath, MAX_JSON_DEPTH, pathBeyondDepth, type JsonStep } from '../json-depth.js';

export interface MappingFile {
  /** The mapping, or every index's merged: what queries are verified against. */
  schema: Schema;
  /**
   * Only when indices are mapped differently: an index's own schema (a data stream's name stands for its backing
   * indices when they are mapped alike), undefined for an index the file does not name.
   */
  schemaFor?: (index: string) => Schema | undefined;
  /** The different schemas `schemaFor` gives (just `schema` without it). */
  distinct: Schema[];
  /** Type conflicts between the indices and runtime fields, as a cluster run reports them. */
  warnings: string[];
}

export function readMappingFile(path: string): MappingFile {
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
  checkMappingDepth(json, path);
  const response = asMappingResponse(json);
  if (response) {
    // runtime fields and type conflicts concern the engine; the timestamp checks are a cluster sort's
    const loaded = schemaFromMappings(response, path, { timestampField: null });
    if (loaded.distinct.length > 1)
      return {
        schema: loaded.schema!,
        schemaFor: indexResolver(loaded),
        distinct: loaded.distinct,
        warnings: loaded.warnings,
      };
  }
  const schema = Schema.fromMapping(json);
  if (schema.fieldNames().length === 0)
    throw new UserError(
      'MAPPING_INVALID',
      `${path}: no "properties" found; expected an Elasticsearch mapping`,
    );
  return { schema, distinct: [schema], warnings: [] };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A `GET _mapping` response (`{"<index>": {"mappings": {...}}, ...}`), or null for anything else. */
function asMappingResponse(json: unknown): MappingResponse | null {
  if (!isObject(json) || 'properties' in json || 'mappings' in json) return null;
  const entries = Object.values(json);
  if (entries.length === 0 || !entries.every((v) => isObject(v) && isObject(v.mappings))) return null;
  return json as MappingResponse;
}

/** Data stream backing indices: `.ds-<stream>-<yyyy.MM.dd>-<generation>`. */
const BACKING_INDEX = /^\.ds-(.+)-\d{4}\.\d{2}\.\d{2}-\d{6}$/;

/** `schemaFor` by index name, or by data stream name when its backing indices in the file are mapped alike. */
function indexResolver(loaded: LoadedSchema): (index: string) => Schema | undefined {
  const byStream = new Map<string, Set<Schema>>();
  for (const index of loaded.indices) {
    const stream = BACKING_INDEX.exec(index)?.[1];
    if (stream === undefined) continue;
    const set = byStream.get(stream) ?? new Set<Schema>();
    byStream.set(stream, set.add(loaded.schemaFor(index)!));
  }
  return (index) => {
    const own = loaded.schemaFor(index);
    if (own) return own;
    const stream = byStream.get(index);
    return stream?.size === 1 ? [...stream][0] : undefined;
  };
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
