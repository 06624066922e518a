/**
 * Why a search found no index where the user may lack the right to read one. Searches run with
 * `ignore_unavailable`, and on a secured cluster that also drops every named index the user may not read: the
 * search then finds "no index" where the index exists. `_has_privileges` (which needs no privilege) tells the two
 * apart, so that a rule on an index outside its role fails naming the privilege instead of finding nothing.
 */
import type { Client } from '@elastic/elasticsearch';
import { EsError } from './errors.js';

/** ES_FORBIDDEN naming the patterns `client` may not read, or null (all readable, or no security to ask). */
export async function unreadableError(
  client: Client,
  patterns: string[],
  doing: string,
): Promise<EsError | null> {
  let denied: string[];
  try {
    const res = await client.security.hasPrivileges({ index: [{ names: patterns, privileges: ['read'] }] });
    if (res.has_all_requested) return null;
    denied = Object.entries(res.index)
      .filter(([, granted]) => !granted.read)
      .map(([name]) => name);
  } catch {
    // a cluster without security, or one that cannot say: "no index matches" stands
    return null;
  }
  if (denied.length === 0) return null;
  return new EsError(
    'ES_FORBIDDEN',
    `${doing}: missing privilege read on index ${denied.join(',')} for action indices:data/read/search; see docs/privileges.md`,
    { statusCode: 403 },
  );
}
