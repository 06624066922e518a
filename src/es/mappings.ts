/**
 * The field schema of the searched indices, from `GET <patterns>/_mapping`.
 *
 * `_mapping` rather than `_field_caps`: field caps reports an alias as its target's type (the alias itself is
 * lost) and drops `format` and `null_value`, which the evaluator needs (a date field with its own format, a null
 * indexed as a value). What is made of the response is mapping/index-mappings.ts's, which `--mapping` files share.
 */
import type { Client } from '@elastic/elasticsearch';
import { toEsError } from './errors.js';
import { unreadableError } from './privileges.js';
import {
  schemaFromMappings,
  type LoadedSchema,
  type LoadSchemaOptions,
  type MappingResponse,
} from '../mapping/index-mappings.js';

export { schemaFromMappings, type LoadedSchema, type LoadSchemaOptions } from '../mapping/index-mappings.js';

export async function loadSchema(
  client: Client,
  indexPatterns: string[],
  opts: LoadSchemaOptions = {},
): Promise<LoadedSchema> {
  const target = indexPatterns.join(',');
  let res: MappingResponse;
  try {
    res = (await client.indices.getMapping({
      index: indexPatterns,
      ignore_unavailable: opts.ignoreUnavailable ?? true,
      allow_no_indices: true,
    })) as MappingResponse;
  } catch (e) {
    throw toEsError(e, `reading the mapping of ${target}`, 'ES_MAPPING');
  }
  if (Object.keys(res).length === 0) {
    const forbidden = await unreadableError(client, indexPatterns, `reading the mapping of ${target}`);
    if (forbidden) throw forbidden;
  }
  return schemaFromMappings(res, target, opts);
}
