/**
 * What stands at the alerts target and whether this runner can write there. Kibana installs its alerts alias
 * lazily; when it is there (or any index of that name), setup leaves it and checks only that writes can land: a
 * write index behind the alias, no write block, and, where the cluster has security, the `create_doc` privilege.
 */
import type { Client } from '@elastic/elasticsearch';
import { UserError } from '../errors.js';
import { describeEsError } from '../es/client.js';
import { esStatus, toEsError } from '../es/errors.js';

export type AlertsTargetKind = 'alias' | 'index';

/** `alias`, `index`, or null when neither exists (hidden ones included). */
export async function alertsTargetKind(client: Client, target: string): Promise<AlertsTargetKind | null> {
  try {
    if (await client.indices.existsAlias({ name: target, expand_wildcards: 'all' })) return 'alias';
    if (await client.indices.exists({ index: target, expand_wildcards: 'all' })) return 'index';
    return null;
  } catch (e) {
    throw toEsError(e, `looking for the alerts index ${target}`);
  }
}

function notWritable(target: string, why: string): UserError {
  return new UserError('ALERTS_NOT_WRITABLE', `cannot write alerts to ${target}: ${why}`);
}

/** The concrete index writes to `target` go to. */
async function writeIndexOf(client: Client, target: string, kind: AlertsTargetKind): Promise<string> {
  if (kind === 'index') return target;
  const res = await client.indices.getAlias({ name: target, expand_wildcards: 'all' });
  const indices = Object.entries(res);
  const flagged = indices.filter(([, v]) => v.aliases[target]?.is_write_index === true);
  if (flagged.length === 1) return flagged[0]![0];
  if (indices.length === 1 && indices[0]![1].aliases[target]?.is_write_index !== false) return indices[0]![0];
  throw notWritable(target, `the alias points at ${indices.length} indices and none is its write index`);
}

/**
 * Checks that alerts can be written to `target`; returns notes on what it could not check (no security on the
 * cluster). Throws ALERTS_NOT_WRITABLE naming the reason.
 */
export async function checkAlertsWritable(
  client: Client,
  target: string,
  kind: AlertsTargetKind,
): Promise<string[]> {
  const notes: string[] = [];
  let index: string;
  try {
    index = await writeIndexOf(client, target, kind);
    const settings = await client.indices.getSettings({
      index,
      expand_wildcards: 'all',
      flat_settings: true,
    });
    const s = (Object.values(settings)[0]?.settings ?? {}) as Record<string, unknown>;
    for (const block of [
      'index.blocks.write',
      'index.blocks.read_only',
      'index.blocks.read_only_allow_delete',
    ])
      if (String(s[block]) === 'true') throw notWritable(target, `its write index ${index} has ${block}`);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw toEsError(e, `checking the alerts index ${target}`);
  }
  try {
    const res = await client.security.hasPrivileges({
      index: [{ names: [target], privileges: ['create_doc', 'read'] }],
    });
    if (!res.has_all_requested) {
      const lacking = Object.entries(res.index[target] ?? {})
        .filter(([, granted]) => !granted)
        .map(([p]) => p);
      throw notWritable(target, `this user lacks the ${lacking.join(' and ')} privilege`);
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    const status = esStatus(e);
    const reason = describeEsError(e);
    // a cluster without the security feature (no handler for the API, or security disabled) has no privileges
    if (
      status === 400 ||
      status === 404 ||
      status === 405 ||
      /security.*(not|explicitly) enabled/i.test(reason)
    )
      notes.push(`privileges on ${target} not checked: the cluster has no security enabled`);
    else throw toEsError(e, `checking the privileges on ${target}`);
  }
  return notes;
}
