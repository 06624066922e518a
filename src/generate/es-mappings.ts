/**
 * Elasticsearch mappings for the generated Elastic Defend events, typed as ECS types them (keyword for ECS keyword
 * fields, `ip`, `long`, `date`), so that searches and EQL verification see what they would see on a real
 * `logs-endpoint.events.*` index.
 *
 * ECS uses `wildcard`, `match_only_text` and `constant_keyword` in places; those live in x-pack modules a minimal
 * node may lack, so this maps them as `keyword` (with a `text` multi-field where ECS has one) and `text`: the
 * same query semantics for everything EQL pushes down (term, prefix, wildcard, case-insensitive term).
 */

type MappingNode = Record<string, unknown>;

const keyword: MappingNode = { type: 'keyword', ignore_above: 1024 };
/** A keyword with ECS's `.text` multi-field. */
const keywordText: MappingNode = { ...keyword, fields: { text: { type: 'text' } } };
const long: MappingNode = { type: 'long' };
const ip: MappingNode = { type: 'ip' };

const obj = (properties: Record<string, MappingNode>): MappingNode => ({ properties });

const processFields = (): Record<string, MappingNode> => ({
  args: keyword,
  args_count: long,
  command_line: keywordText,
  entity_id: keyword,
  executable: keywordText,
  name: keywordText,
  pid: long,
});

const endpoint = (): Record<string, MappingNode> => ({
  address: keyword,
  ip,
  port: long,
});

/**
 * The mapping of `logs-endpoint.events.process-*` and `logs-endpoint.events.network-*` (one mapping covers both,
 * as Elastic's endpoint package maps the fields the same way in every events index). `dynamic: strict` so that a
 * field the generator starts writing without a mapping here fails loudly instead of being silently unmapped.
 */
export function endpointEventsMapping(meta: Record<string, unknown> = {}): MappingNode {
  return {
    dynamic: 'strict',
    _meta: meta,
    properties: {
      '@timestamp': { type: 'date' },
      agent: obj({ id: keyword, type: keyword, version: keyword }),
      data_stream: obj({ dataset: keyword, namespace: keyword, type: keyword }),
      destination: obj({ ...endpoint(), domain: keyword }),
      ecs: obj({ version: keyword }),
      event: obj({
        action: keyword,
        category: keyword,
        dataset: keyword,
        id: keyword,
        kind: keyword,
        module: keyword,
        type: keyword,
      }),
      host: obj({
        architecture: keyword,
        hostname: keyword,
        id: keyword,
        ip,
        mac: keyword,
        name: keyword,
        os: obj({
          Ext: obj({ variant: keyword }),
          family: keyword,
          full: keywordText,
          kernel: keyword,
          name: keywordText,
          platform: keyword,
          type: keyword,
          version: keyword,
        }),
      }),
      message: { type: 'text' },
      network: obj({ direction: keyword, transport: keyword, type: keyword }),
      process: obj({
        ...processFields(),
        exit_code: long,
        parent: obj(processFields()),
        working_directory: keywordText,
      }),
      source: obj(endpoint()),
      user: obj({ id: keyword, name: keywordText }),
    },
  };
}

/** The data stream-style index an event belongs in, by its first `event.category`. */
export function endpointIndexFor(category: string, namespace = 'default'): string {
  return `logs-endpoint.events.${category}-${namespace}`;
}
