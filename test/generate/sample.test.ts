import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEvent, QueryResult } from '../../src/engine/index.js';
import { parse } from '../../src/eql/index.js';
import {
  FIRST_RUN_LOOKBACK_MS,
  NEAR_MISS_KINDS,
  SAMPLE_FILE,
  sampleEvents,
  type SampleManifest,
  type SampleOptions,
} from '../../src/generate/sample.js';
import { toJson } from '../../src/generate/ecs.js';
import { writeSample } from '../../src/generate/write-sample.js';
import { queryEventFiles } from '../../src/run/offline.js';
import { runRuleQuery } from '../../src/run/rule-query.js';
import { indexNameOf } from '../../src/sources/files/event-files.js';
import { REPO_ROOT } from '../support/paths.js';
import { seededRun } from '../support/seeded.js';
import { tempDir } from '../support/tmp.js';

const rule = JSON.parse(readFileSync(join(REPO_ROOT, 'rule.json'), 'utf8')) as {
  query: string;
  index: string[];
};
const stmt = parse(rule.query);
// the sequence's two stages alone: every near miss matches one or both, and the sequence must still refuse it
const [, stage1, stage2] = /\[(process where .*?)\] by process\.entity_id \[(network where .*?)\] by/.exec(
  rule.query,
)!;

const settings = { size: 1_000_000, timestampField: '@timestamp', eventCategoryField: 'event.category' };
const eventId = (e: EngineEvent) => (e.source.event as { id: string }).id;
const pairs = (rs: QueryResult[]): string[] =>
  rs.map((r) =>
    r.kind === 'event' ? eventId(r.event) : r.events.map((e) => eventId(e as EngineEvent)).join(' '),
  );
const planted = (m: SampleManifest): string[] => m.truePositives.map((t) => t.eventIds.join(' '));

/** `logs-endpoint.events.*` as an index pattern: what rule.json reads on a cluster. */
function matchesPattern(index: string, pattern: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
  );
  return re.test(index);
}

async function hits(dir: string, query: string, range?: { gte: number; lte: number }): Promise<number> {
  const run = await queryEventFiles(parse(query), { ...settings, events: [dir], timeRange: range });
  return run.results.length;
}

describe('the first-run sample (rule.json over generate’s files)', function () {
  this.timeout(300_000);
  const cases = seededRun('SAMPLE_SEED', 'SAMPLE_CASES', { seed: 1, cases: 6 });

  it('holds exactly the planted true positives, and near misses of every kind that match a stage but never the sequence, whatever the seed, length and end', async () => {
    for (let i = 0; i < cases.cases; i++) {
      const r = cases.rng(i);
      const opts: SampleOptions = {
        seed: cases.seed + i,
        endMs: Date.UTC(2026, 11, 1) + r.int(60 * 86_400_000),
        hours: 1 + r.int(30),
        truePositives: r.int(8),
        hosts: 2 + r.int(40),
      };
      const label = `${cases.reproduce(i)} ${JSON.stringify(opts)}`;
      const t = tempDir();
      try {
        const w = writeSample(t.dir, opts);
        const m = w.manifest;
        expect(m.truePositives, label).to.have.lengthOf(opts.truePositives!);
        const run = await queryEventFiles(stmt, { ...settings, events: [t.dir] });
        expect(run.files.records, label).to.equal(m.events);
        expect(pairs(run.results), label).to.deep.equal(planted(m));
        expect(
          run.results.map((x) => x.kind === 'sequence' && x.joinKeys),
          label,
        ).to.deep.equal(m.truePositives.map((p) => [p.hostId, p.entityId]));
        // the late downloads were refused by the maxspan, not missing
        expect(run.matcher.rejectedByMaxspan + run.matcher.expiredByMaxspan, label).to.be.above(0);

        // one near miss of each kind placed in the first run's look-back, and around every earlier true positive
        const earlier = m.truePositives.filter((p) => p.firstRunUntilMs === null).length;
        for (const k of NEAR_MISS_KINDS) {
          expect(m.recentNearMisses[k], `${label} ${k}`).to.equal(1);
          expect(m.nearMisses[k], `${label} ${k}`).to.be.at.least(1 + earlier);
        }
        // each matches a stage: 3 of the kinds the first stage (quiet, late, wrong host), 4 the second
        const lookBack = { gte: m.endMs - FIRST_RUN_LOOKBACK_MS, lte: m.endMs };
        const recentTp = m.truePositives.length - earlier;
        expect(await hits(t.dir, stage1, lookBack), label).to.be.at.least(recentTp + 3);
        expect(await hits(t.dir, stage2, lookBack), label).to.be.at.least(recentTp + 4);

        // the files: named as indices rule.json reads, every event between start and end
        const names = readdirSync(t.dir).sort();
        expect(names, label).to.deep.equal(w.files.map((f) => f.name));
        for (const n of names) {
          expect(n, label).to.match(SAMPLE_FILE);
          expect(
            rule.index.some((p) => matchesPattern(indexNameOf(n), p)),
            n,
          ).to.equal(true);
        }
        let events = 0;
        for (const n of names)
          for (const line of readFileSync(join(t.dir, n), 'utf8').split('\n')) {
            if (line === '') continue;
            const ms = Date.parse((JSON.parse(line) as { '@timestamp': string })['@timestamp']);
            expect(ms, label).to.be.within(m.startMs, m.endMs);
            events++;
          }
        expect(events, label).to.equal(m.events);
      } finally {
        t.remove();
      }
    }
  });

  it('puts the newest true positives in the look-back of a run just after --end, the others only in a backfill', async () => {
    const endMs = Date.parse('2026-12-01T10:00:00.000Z');
    const t = tempDir();
    try {
      const m = writeSample(t.dir, { endMs, hours: 6, seed: 7, truePositives: 5 }).manifest;
      const recent = m.truePositives.filter((p) => p.firstRunUntilMs !== null);
      expect(recent).to.have.lengthOf(2);
      expect(m.truePositives.filter((p) => p.timestamps[0] < endMs - 3_600_000)).to.have.lengthOf(3);
      const window = (runAtMs: number) => ({
        start: new Date(runAtMs - FIRST_RUN_LOOKBACK_MS),
        end: new Date(runAtMs),
      });
      const ruleRun = async (runAtMs: number) =>
        pairs(
          (
            await runRuleQuery({
              stmt,
              source: { kind: 'files', paths: [t.dir] },
              window: window(runAtMs),
              index: rule.index,
              timestampField: '@timestamp',
              eventCategoryField: 'event.category',
              filter: null,
            })
          ).results,
        );
      // a first run a few seconds after generation: both recent ones, nothing else
      expect(await ruleRun(endMs + 5_000)).to.deep.equal(planted({ ...m, truePositives: recent }));
      // each is found by runs until its firstRunUntilMs, not after
      const newest = recent[1]!;
      expect(await ruleRun(newest.firstRunUntilMs!)).to.include(newest.eventIds.join(' '));
      expect(await ruleRun(newest.firstRunUntilMs! + 1)).to.not.include(newest.eventIds.join(' '));
      // a backfill's range holds them all
      const all = await queryEventFiles(stmt, {
        ...settings,
        events: [t.dir],
        timeRange: { gte: m.startMs, lte: m.endMs },
      });
      expect(pairs(all.results)).to.deep.equal(planted(m));
    } finally {
      t.remove();
    }
  });

  it('places one true positive recently when asked for one or two, none when asked for none', () => {
    const endMs = Date.parse('2026-12-01T10:00:00.000Z');
    for (const [n, recent] of [
      [0, 0],
      [1, 1],
      [2, 1],
      [3, 2],
    ]) {
      const s = sampleEvents({ endMs, hours: 2, seed: 3, truePositives: n });
      for (const _ of s);
      expect(
        s.manifest!.truePositives.filter((p) => p.firstRunUntilMs !== null),
        `${n}`,
      ).to.have.lengthOf(recent!);
    }
  });

  it('is deterministic for a seed and an end; another seed or end gives other events', () => {
    const digest = (o: SampleOptions) => {
      const h = createHash('sha256');
      for (const e of sampleEvents(o)) h.update(toJson(e) + '\n');
      return h.digest('hex');
    };
    const o = { endMs: Date.parse('2026-12-01T10:00:00.000Z'), hours: 3, seed: 5 };
    expect(digest(o)).to.equal(digest(o));
    expect(digest({ ...o, seed: 6 })).to.not.equal(digest(o));
    expect(digest({ ...o, endMs: o.endMs + 1 })).to.not.equal(digest(o));
  });

  it('rejects options it cannot honour', () => {
    const endMs = Date.parse('2026-12-01T10:00:00.000Z');
    for (const bad of [
      { endMs: NaN },
      { endMs, hours: 0 },
      { endMs, hours: 721 },
      { endMs, truePositives: -1 },
      { endMs, truePositives: 101 },
      { endMs, hosts: 1 },
      { endMs, rate: 0 },
      { endMs, seed: 1.5 },
    ])
      expect(() => sampleEvents(bad), JSON.stringify(bad)).to.throw(RangeError);
  });
});
