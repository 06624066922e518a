/**
 * A bulk item's or a request's failure as one line a report may carry: Elasticsearch's error type and reason
 * (and the first cause), bounded in length, with any credentials in a URL removed. Never the request itself.
 */
import { describeEsError, redactSecrets } from '../es/client.js';
import { forbiddenProblem } from '../es/security-errors.js';

const MAX_REASON = 500;

interface EsItemError {
  type?: string;
  reason?: string | null;
  caused_by?: EsItemError;
}

function bounded(text: string): string {
  const t = redactSecrets(text.replace(/\s+/g, ' ').trim());
  return t.length > MAX_REASON ? `${t.slice(0, MAX_REASON - 1)}…` : t;
}

export function itemReason(error: EsItemError | undefined): string {
  if (!error) return 'unknown failure';
  // a bulk item refused by security: its reason names the API key's id, which must not reach a report
  if (error.type === 'security_exception') return bounded(forbiddenProblem(error.reason ?? '').message);
  let text = `${error.type ?? 'error'}: ${error.reason ?? ''}`;
  const cause = error.caused_by;
  if (cause?.reason && cause.reason !== error.reason) text += ` (${cause.type ?? 'cause'}: ${cause.reason})`;
  return bounded(text);
}

export function requestReason(e: unknown): string {
  return bounded(describeEsError(e));
}
