/**
 * Hand-built streams, one per place where a single pass differs from per-window runs, each run both ways
 * (single-pass-harness.ts) and, beyond their equality, checked against what the windowed semantics say it writes:
 * how many alert documents and at which step, so that a case that stopped exercising its point would fail.
 * Steps every 5 minutes from T0 (runAt 0, 5, 10, … minutes), windows now-9m unless a case says otherwise.
 */
import { expect } from 'chai';
import type { LoadedRule } from '../../src/rules/loaded-rule.js';
import { ruleSchema } from '../../src/rules/rule.js';
import { tempDir } from '../support/tmp.js';
import { compareBackfill, MIN, stepsOf } from './single-pass-harness.js';

const T0 = Date.UTC(2030, 6, 1, 0, 0, 0);
const p = (name: string) => `process where process.name == "${name}"`;

/** [minute, process name, host, minutes after which it was ingested (timestamp_override cases)] */
type Ev = [number, string, string?, number?];

interface Spec {
  name: string;
  query: string;
  events: Ev[];
  rule?: Record<string, unknown>;
  /** Backfill range in minutes from T0 (default 0–30). */
  range?: [number, number];
  /** Alert documents written in all, and the step index of the first (null: none). */
  docs: number;
  firstStep: number | null;
  warns?: RegExp;
}

const SPECS: Spec[] = [
  {
    name: 'a sequence straddling a step boundary is written by the first window holding all of it',
    query: `sequence by host.id with maxspan=3m [${p('a')}] [${p('b')}]`,
    events: [
      [4, 'a'],
      [6, 'b'],
    ],
    docs: 3,
    firstStep: 2,
  },
  {
    name: 'a sequence longer than the window is never found',
    query: `sequence by host.id [${p('a')}] [${p('b')}]`,
    events: [
      [0.5, 'a'],
      [20, 'b'],
    ],
    docs: 0,
    firstStep: null,
  },
  {
    name: 'maxspan equal to the overlap: found; just beyond maxspan: not',
    query: `sequence by host.id with maxspan=4m [${p('a')}] [${p('b')}]`,
    events: [
      [1, 'a', 'h1'],
      [5, 'b', 'h1'],
      [11, 'a', 'h2'],
      [15.5, 'b', 'h2'],
    ],
    docs: 3,
    firstStep: 1,
  },
  {
    name: "until ends its key's partial only",
    query: `sequence by host.id with maxspan=5m [${p('a')}] [${p('b')}] until [${p('x')}]`,
    events: [
      [2, 'a', 'h1'],
      [2, 'a', 'h2'],
      [3, 'x', 'h1'],
      [4, 'b', 'h1'],
      [4, 'b', 'h2'],
    ],
    docs: 3,
    firstStep: 1,
  },
  {
    name: 'a missing event after the window end: the window matches (Elasticsearch #145323), the next does not',
    query: `sequence by host.id with maxspan=5m [${p('a')}] [${p('b')}] ![${p('x')}]`,
    events: [
      [3, 'a'],
      [4, 'b'],
      [5.5, 'x'],
    ],
    docs: 3,
    firstStep: 1,
  },
  {
    name: 'a missing event between two stages rejects the sequence in every window',
    query: `sequence by host.id with maxspan=5m [${p('a')}] ![${p('x')}] [${p('b')}]`,
    events: [
      [2, 'a'],
      [3, 'x'],
      [4, 'b'],
    ],
    docs: 0,
    firstStep: null,
  },
  {
    name: 'a window start cuts the first of three stages: only the earlier window finds the sequence',
    query: `sequence by host.id with maxspan=5m [${p('a')}] [${p('a')}] [${p('b')}]`,
    events: [
      [0.5, 'a'],
      [1.5, 'a'],
      [2.5, 'b'],
    ],
    docs: 4,
    firstStep: 1,
  },
  {
    name: 'timestamp_override: an event ingested late is in the window of its ingest time',
    query: p('a'),
    rule: { timestamp_override: 'event.ingested' },
    events: [[1, 'a', 'h1', 11]],
    docs: 1,
    firstStep: 3,
  },
  {
    name: 'timestamp_override: a sequence ordered by @timestamp, windowed by ingest time',
    query: `sequence by host.id with maxspan=2m [${p('a')}] [${p('b')}]`,
    rule: { timestamp_override: 'event.ingested' },
    events: [
      [1, 'a', 'h1', 7],
      [2, 'b', 'h1', 2],
    ],
    docs: 3,
    firstStep: 2,
  },
  {
    name: 'the max_signals cap: newest first, the rest by later steps while in their windows',
    query: p('a'),
    rule: { max_signals: 2 },
    events: [6, 6.1, 6.2, 6.3, 6.4].map((m): Ev => [m, 'a']),
    docs: 4,
    firstStep: 2,
    warns: /max_signals/,
  },
  {
    // every window holding them takes the same newest 10,000: the 300 oldest are never written
    name: 'the tail of 10,000 matches per window',
    query: p('a'),
    rule: { max_signals: 10_000 },
    range: [0, 15],
    events: Array.from({ length: 10_300 }, (_, i): Ev => [7 + i / 20_000, 'a']),
    docs: 10_000,
    firstStep: 2,
    warns: /10000|10,000/,
  },
];

function ruleOf(s: Spec): LoadedRule {
  return {
    origin: 'test',
    rule: ruleSchema.parse({
      rule_id: 'cases',
      name: 'Cases',
      description: 'd',
      type: 'eql',
      query: s.query,
      index: ['logs-x'],
      from: 'now-9m',
      interval: '5m',
      severity: 'low',
      risk_score: 1,
      ...s.rule,
    }),
    uuid: '1f2e3d4c-5b6a-4978-8a1b-2c3d4e5f6a7b',
    exceptionItems: [],
    warnings: [],
  };
}

describe('singlePassBackfill: hand-built streams for each difference from per-window runs', function () {
  this.timeout(300_000);
  const t = tempDir();
  after(() => t.remove());

  for (const [n, s] of SPECS.entries())
    it(s.name, async () => {
      const iso = (m: number) => new Date(T0 + Math.round(m * MIN)).toISOString();
      const lines = s.events.map(([m, name, host, ingested], i) =>
        JSON.stringify({
          _index: 'logs-x',
          _id: `e${i}`,
          _source: {
            '@timestamp': iso(m),
            event: { category: 'process', ...(ingested !== undefined ? { ingested: iso(ingested) } : {}) },
            host: { id: host ?? 'h1' },
            process: { name },
          },
        }),
      );
      const [from, to] = s.range ?? [0, 30];
      const r = await compareBackfill({
        what: s.name,
        rule: ruleOf(s),
        file: t.file(`s${n}.ndjson`, lines.join('\n')),
        steps: stepsOf(T0 + from * MIN, T0 + to * MIN, 5 * MIN),
        before: null,
        batch: 7,
      });
      expect(r.alerts, 'alert documents written').to.equal(s.docs);
      const first = r.run.steps.findIndex((step) => step.alerts.length > 0);
      expect(first === -1 ? null : first, 'first step writing').to.equal(s.firstStep);
      if (s.warns)
        expect(r.run.steps.some((step) => step.warnings.some((w) => s.warns!.test(w)))).to.equal(true);
    });
});
