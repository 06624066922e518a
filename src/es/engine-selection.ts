/**
 * Which engine runs a rule against a cluster: Elasticsearch's own EQL API (`eql-api`) where the cluster has it,
 * or rule-runner's engine over plain search with client-side correlation (`search`). `auto` prefers the EQL API:
 * its answers are Elasticsearch's by definition.
 */
import type { Client } from '@elastic/elasticsearch';
import { hasEqlApi } from './capabilities.js';
import { EqlApiUnavailableError } from './errors.js';

export type EngineRequest = 'auto' | 'eql-api' | 'search';
export type Engine = 'eql-api' | 'search';

export interface EngineSelection {
  engine: Engine;
  /** One line for logs: why this engine. */
  reason: string;
}

export const ENGINE_REQUESTS: readonly EngineRequest[] = ['auto', 'eql-api', 'search'];

export async function selectEngine(
  client: Client,
  requested: EngineRequest = 'auto',
): Promise<EngineSelection> {
  if (requested === 'search') return { engine: 'search', reason: 'search engine requested' };
  const has = await hasEqlApi(client);
  if (requested === 'eql-api') {
    if (!has) throw new EqlApiUnavailableError('requested with --engine eql-api');
    return { engine: 'eql-api', reason: 'EQL API requested' };
  }
  return has
    ? { engine: 'eql-api', reason: 'the cluster has the EQL API' }
    : { engine: 'search', reason: 'the cluster has no EQL API: client-side correlation over plain search' };
}
