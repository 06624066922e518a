/**
 * Kibana's deterministic alert ids, so that an overlapping window, a retry or a backfill finds the same match under
 * the same `_id` and bulk `create` refuses it (../shared/reference/kibana-detection-engine.md §2, §10). Matched
 * against elastic/kibana main (9.x), x-pack/solutions/security/plugins/security_solution/server/lib/detection_engine/:
 * `utils/utils.ts` generateId, `factories/wrap_hits.ts` (its arguments), `factories/utils/generate_building_block_ids.ts`
 * and `factories/utils/build_alert.ts` generateAlertId. Each is a hex sha256 of a plain concatenation of strings.
 */
import { createHash } from 'node:crypto';

/** One entry of `kibana.alert.ancestors`: an event (depth 0) or an alert (`type: signal`) the new alert comes from. */
export interface Ancestor {
  id: string;
  type: 'event' | 'signal';
  index: string;
  depth: number;
  rule?: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A single-event alert: `sha256(_index + _id + String(_version) + "<space>:<ruleUuid>")`. An EQL response's hits carry
 * no `_version`, so Kibana hashes the text `undefined`; so do we for every engine (search, EQL API, files), which
 * keeps the id the same whichever of them found the event.
 */
export function eventAlertId(index: string, id: string, spaceId: string, ruleUuid: string): string {
  return sha256(`${index}${id}undefined${spaceId}:${ruleUuid}`);
}

/** Kibana's `ancestor.id + ancestor.index` run over a list (`String()` of what is missing, as `concat` does). */
function ancestry(ancestors: readonly Ancestor[]): string {
  let s = '';
  for (const a of ancestors) s += String(a.id) + String(a.index);
  return s;
}

/**
 * The building blocks of one sequence, in sequence order (missing `![...]` events already dropped): block `i` is
 * `sha256(base + String(i))` where `base` is, per block, its ancestors' `id + index` and then the rule uuid. So a
 * block's id depends on every event of the sequence and its position; no space id enters it.
 */
export function buildingBlockIds(
  blockAncestors: readonly (readonly Ancestor[])[],
  ruleUuid: string,
): string[] {
  let base = '';
  for (const ancestors of blockAncestors) base += ancestry(ancestors) + ruleUuid;
  return blockAncestors.map((_, i) => sha256(base + String(i)));
}

/**
 * A sequence's shell: `sha256(ancestors' id + index ... + ruleUuid)` over the shell's own ancestors, which are per
 * block the event's ancestors followed by the block itself (`{id: blockId, index: ''}`).
 */
export function shellAlertId(shellAncestors: readonly Ancestor[], ruleUuid: string): string {
  return sha256(ancestry(shellAncestors) + ruleUuid);
}
