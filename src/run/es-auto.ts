/** `--engine auto|search|eql`: which way to read a cluster, and the fallback when the EQL API is missing. */
import type { Statement } from '../eql/syntax/ast.js';
import { hasEqlApi } from '../es/capabilities.js';
import { EqlApiUnavailableError } from '../es/errors.js';
import { queryViaEqlApi, type EsEqlRun } from './es-eql.js';
import { queryViaSearch, type EsQueryOptions, type EsSearchRun } from './es-search.js';

export type EngineChoice = 'auto' | 'search' | 'eql';

export type EsRun = (EsSearchRun | EsEqlRun) & { chosenBy: string };

export async function queryCluster(
  stmt: Statement,
  engine: EngineChoice,
  opts: EsQueryOptions,
): Promise<EsRun> {
  if (engine === 'search') return { ...(await queryViaSearch(stmt, opts)), chosenBy: '--engine search' };
  if (engine === 'eql') return { ...(await queryViaEqlApi(stmt, opts)), chosenBy: '--engine eql' };
  if (!(await hasEqlApi(opts.client)))
    return { ...(await queryViaSearch(stmt, opts)), chosenBy: 'auto: the cluster has no EQL API' };
  try {
    return { ...(await queryViaEqlApi(stmt, opts)), chosenBy: 'auto: the cluster has the EQL API' };
  } catch (e) {
    // a cluster may route some indices to nodes without the plugin: fall back rather than fail
    if (!(e instanceof EqlApiUnavailableError)) throw e;
    return { ...(await queryViaSearch(stmt, opts)), chosenBy: 'auto: the EQL API refused the request' };
  }
}
