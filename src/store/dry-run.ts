/**
 * Stores for `--dry-run` against a cluster: everything it reads comes from the real stores (which alerts exist,
 * each rule's state), everything it would write goes to memory, so a dry run prints exactly what a real run would
 * write, duplicates dropped as a real run drops them, and leaves the cluster as it was.
 */
import { byNewestBackfill, memoryData, memoryStores, type MemoryData } from './memory.js';
import type { BackfillStore, Stores } from './stores.js';

export function dryRunStores(
  real: Stores,
  data: MemoryData = memoryData(),
): Stores & { data: MemoryData; backfills: BackfillStore } {
  const mem = memoryStores(data);
  return {
    data,
    alerts: {
      async existingIds(ids, signal) {
        const there = await real.alerts.existingIds(ids, signal);
        for (const id of await mem.alerts.existingIds(ids, signal)) there.add(id);
        return there;
      },
      async create(docs, signal) {
        const there = await real.alerts.existingIds(
          docs.map((d) => d._id),
          signal,
        );
        const report = await mem.alerts.create(
          docs.filter((d) => !there.has(d._id)),
          signal,
        );
        const written = docs.filter((d) => there.has(d._id)).map((d) => d._id);
        return { ...report, duplicates: [...report.duplicates, ...written] };
      },
    },
    state: {
      // a rule's state as the cluster holds it, until the dry run has "written" its own
      get: async (uuid) => (data.state.has(uuid) ? mem.state.get(uuid) : real.state.get(uuid)),
      put: async (state) => {
        // a dry run never races a real runner for the state: its writes stay in memory
        if (!data.state.has(state.ruleUuid)) await mem.state.get(state.ruleUuid);
        await mem.state.put(state);
      },
      list: async () => {
        const mine = await mem.state.list();
        const seen = new Set(mine.map((s) => s.ruleUuid));
        return [...mine, ...(await real.state.list()).filter((s) => !seen.has(s.ruleUuid))].sort((a, b) =>
          a.ruleUuid < b.ruleUuid ? -1 : 1,
        );
      },
    },
    log: mem.log,
    gaps: {
      record: (gap) => mem.gaps.record(gap),
      // the cluster's gaps, each as the dry run has "recorded" it when it has (a dry `backfill --gaps`)
      list: async (opts) =>
        (await real.gaps.list(opts)).map((g) => {
          const mine = data.gaps.get(g.id);
          return mine ? (JSON.parse(JSON.stringify(mine)) as typeof g) : g;
        }),
    },
    // a dry backfill checkpoints in memory and leaves no record on the cluster; a dry `--resume` reads the
    // cluster's record and goes on from it in memory
    backfills: {
      get: async (id) => (data.backfills.has(id) ? mem.backfills.get(id) : (real.backfills?.get(id) ?? null)),
      put: (record) => mem.backfills.put(record),
      list: async (opts) => {
        const mine = await mem.backfills.list(opts);
        const seen = new Set(mine.map((b) => b.id));
        const theirs = (await real.backfills?.list(opts)) ?? [];
        return [...mine, ...theirs.filter((b) => !seen.has(b.id))].sort(byNewestBackfill);
      },
    },
  };
}
