import type { Stores } from '../../src/store/stores.js';

/**
 * Memory stores whose alerts written with `visibleNow: false` are missed once by the duplicate check, as an index
 * not refreshed yet misses them: a pass that relied on the store to dedup its own steps would write them again,
 * and under a cap lose room. `hidden` is what no check has asked about since it was written.
 */
export function lagging(stores: Stores): { hidden: Set<string>; missed: () => number } {
  const hidden = new Set<string>();
  let missed = 0;
  const create = stores.alerts.create.bind(stores.alerts);
  const existing = stores.alerts.existingIds.bind(stores.alerts);
  stores.alerts.create = async (docs, signal, options) => {
    const report = await create(docs, signal);
    if (options?.visibleNow === false) for (const id of report.created) hidden.add(id);
    return report;
  };
  stores.alerts.existingIds = async (ids, signal) => {
    const found = await existing(ids, signal);
    for (const id of ids)
      if (hidden.delete(id)) {
        found.delete(id);
        missed++;
      }
    return found;
  };
  return { hidden, missed: () => missed };
}
