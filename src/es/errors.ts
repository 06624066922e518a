/**
 * Errors from talking to Elasticsearch. They are user errors (a cluster, index or permission problem, not a bug):
 * shown without a stack trace, with a message built by `describeEsError`, which never includes credentials or
 * request bodies.
 */
import { UserError } from '../errors.js';
import { describeEsError } from './client.js';
import { securityProblem } from './security-errors.js';

export class EsError extends UserError {
  /** HTTP status, when Elasticsearch answered at all. */
  readonly statusCode: number | undefined;
  /** Elasticsearch's error type (`index_not_found_exception`...), when it gave one. */
  readonly esType: string | undefined;

  // no `cause`: a client error carries the request (headers included), and a logged cause must not leak them
  constructor(code: string, message: string, options: { statusCode?: number; esType?: string } = {}) {
    super(code, message);
    this.statusCode = options.statusCode;
    this.esType = options.esType;
  }
}

/** The cluster has no `_eql/search` endpoint (a distribution without the EQL plugin, or a serverless project without it). */
export class EqlApiUnavailableError extends EsError {
  constructor(displayTarget: string, options: { statusCode?: number } = {}) {
    super(
      'ES_EQL_UNAVAILABLE',
      `the cluster has no EQL API (${displayTarget}); run the rule by search with client-side correlation instead`,
      options,
    );
  }
}

interface ClientErrorShape {
  meta?: { statusCode?: number; body?: unknown };
}

export function esStatus(e: unknown): number | undefined {
  return (e as ClientErrorShape).meta?.statusCode;
}

/** `index_not_found_exception`, `search_phase_execution_exception`... from a client error, when present. */
export function esErrorType(e: unknown): string | undefined {
  const body = (e as ClientErrorShape).meta?.body as { error?: { type?: string } } | undefined;
  return typeof body?.error?.type === 'string' ? body.error.type : undefined;
}

/**
 * The first shard failure's reason from a `search_phase_execution_exception` body (its top-level reason is
 * usually just "all shards failed").
 */
export function firstShardFailure(body: unknown): string | undefined {
  const b = body as {
    error?: { failed_shards?: ShardFailure[]; caused_by?: { type?: string; reason?: string } };
    _shards?: { failures?: ShardFailure[] };
    shard_failures?: ShardFailure[];
  };
  const list = b?.error?.failed_shards ?? b?._shards?.failures ?? b?.shard_failures;
  const f = list?.[0];
  if (f?.reason?.type) {
    const where = f.index ? ` (index ${f.index}, shard ${f.shard ?? '?'})` : '';
    return `${f.reason.type}: ${f.reason.reason ?? ''}${where}`.trim();
  }
  const c = b?.error?.caused_by;
  return c?.type ? `${c.type}: ${c.reason ?? ''}` : undefined;
}

export interface ShardFailure {
  shard?: number;
  index?: string | null;
  node?: string | null;
  reason?: { type?: string; reason?: string };
}

/** Wraps a client error in an `EsError` whose message says what was being done and why it failed. */
export function toEsError(e: unknown, doing: string, code = 'ES_REQUEST'): EsError {
  if (e instanceof EsError) return e;
  const statusCode = esStatus(e);
  const esType = esErrorType(e);
  let reason = describeEsError(e);
  if (esType === 'search_phase_execution_exception') {
    const shard = firstShardFailure((e as ClientErrorShape).meta?.body);
    if (shard) reason += ` — ${shard}`;
  }
  const c =
    securityProblem(e)?.code ??
    (esType === 'index_not_found_exception'
      ? 'ES_INDEX_NOT_FOUND'
      : statusCode === undefined
        ? 'ES_UNREACHABLE'
        : code);
  return new EsError(c, `${doing}: ${reason}`, { statusCode, esType });
}
