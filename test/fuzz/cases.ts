/**
 * One fuzz case of each kind, driven in-process the way the CLI drives the code: a query through parse, verify,
 * compile, the prefilter, the translator and a run over events; an event file through the offline engine; a rule
 * file through validation. A case ends in results or a user error (UserError / EqlError with a code); anything
 * else thrown is the bug the fuzz test looks for.
 */
import { writeFileSync } from 'node:fs';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { join } from 'node:path';
import type { Statement } from '../../src/eql/syntax/ast.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { Schema } from '../../src/mapping/schema.js';
import { verify } from '../../src/eql/verify/verify.js';
import { createExecutor } from '../../src/engine/executor.js';
import type { EngineEvent } from '../../src/engine/event.js';
import { Prng } from '../../src/generate/prng.js';
import { queryEventFiles } from '../../src/run/offline.js';
import { validatePaths } from '../../src/rules/validate-paths.js';
import { translateCandidates, translateEventQuery } from '../../src/translate/index.js';
import { buildTextPrefilter } from '../../src/prefilter/text-prefilter.js';
import type { Corpus } from './corpus.js';
import { mutateEventFile, mutateQuery, mutateRuleValue, mutateText } from './mutate.js';

export type Kind = 'query' | 'events' | 'rules';

export interface FuzzCase {
  kind: Kind;
  /** What the case feeds in, for the report (a file's bytes as text). */
  input: string;
  /** Resolves to the code of the first problem found when the input was refused without an exception. */
  run: (dir: string) => Promise<string | void>;
}

/** The generator of case `i` of `kind` in a run from `seed`: the same three numbers give the same case. */
export function caseRng(seed: number, kind: Kind, i: number): Prng {
  const k = kind === 'query' ? 0 : kind === 'events' ? 1 : 2;
  return new Prng((seed ^ Math.imul(k + 1, 0x9e3779b1) ^ Math.imul(i, 0x85ebca6b)) >>> 0);
}

const ORDINAL_BASE = Date.UTC(2024, 5, 3);

function events(corpus: Corpus, rng: Prng): EngineEvent[] {
  const out: EngineEvent[] = [];
  for (let i = 0; i < 40; i++) {
    const source = JSON.parse(rng.pick(corpus.events)) as Record<string, unknown>;
    out.push({
      index: 'i',
      id: String(i),
      source,
      ordinal: { ts: ORDINAL_BASE + i, nanos: 0, tiebreaker: null, seq: i },
    });
  }
  return out;
}

/** Parse, verify, compile and run a query over a few events, with or without the events' mapping. */
export function queryCase(corpus: Corpus, seed: number, i: number): FuzzCase {
  const rng = caseRng(seed, 'query', i);
  const text = mutateQuery(rng.pick(corpus.queries), corpus.queries, rng);
  const schema = rng.chance(0.3) ? Schema.fromMapping(corpus.mapping) : undefined;
  const evs = events(corpus, rng);
  return {
    kind: 'query',
    input: text,
    run: async () => {
      const stmt: Statement = parse(text);
      verify(stmt, { schema });
      buildTextPrefilter(stmt.query, { schema });
      const ctx = { schema, source: text };
      translateCandidates(stmt, ctx);
      const q = stmt.query;
      const stages = q.type === 'event' ? [q] : q.stages.map((s) => s.query);
      for (const s of stages) translateEventQuery(s, ctx);
      const ex = createExecutor(stmt, {
        schema,
        size: 5,
        tiebreakerField: rng.chance(0.2) ? 'process.pid' : null,
      });
      for (const e of evs) {
        ex.wants(e);
        ex.push(e);
        if (ex.done) break;
      }
      ex.finish();
    },
  };
}

const EVENT_QUERIES = [
  'process where process.name : ("bash", "curl*") and event.type == "start"',
  'sequence by host.id with maxspan=15s [process where event.action == "exec"] [network where true]',
  'sequence by host.id [process where true] by process.entity_id [any where true] by process.parent.entity_id until [process where event.type == "end"]',
  'sample by host.id [process where true] [network where true]',
  'any where length(process.name) > 3 and cidrMatch(destination.ip, "10.0.0.0/8") | tail 3',
  'network where process.name in~ ("curl", "wget") and not destination.ip == "1.1.1.1"',
];

/** An event file with mutated lines through the offline engine (reader, prefilter, ordering, matcher). */
export function eventsCase(corpus: Corpus, seed: number, i: number): FuzzCase {
  const rng = caseRng(seed, 'events', i);
  const bytes = mutateEventFile(corpus.events, rng);
  const query = rng.pick(EVENT_QUERIES);
  const schema = rng.chance(0.3) ? Schema.fromMapping(corpus.mapping) : undefined;
  const tiebreakerField = rng.chance(0.2) ? 'process.pid' : null;
  const dedup = rng.chance(0.2);
  const timeRange = rng.chance(0.2) ? { gte: ORDINAL_BASE, lte: ORDINAL_BASE + 3_600_000 } : undefined;
  return {
    kind: 'events',
    input: `query: ${query}\nfile: ${JSON.stringify(bytes.toString('latin1').slice(0, 2000))}`,
    run: async (dir) => {
      const file = join(dir, `events-${i}.ndjson`);
      writeFileSync(file, bytes);
      await queryEventFiles(parse(query), {
        events: [file],
        schema,
        timestampField: '@timestamp',
        tiebreakerField,
        eventCategoryField: 'event.category',
        size: 10,
        dedup,
        timeRange,
      });
    },
  };
}

/** A rule file (JSON, an NDJSON export or TOML), damaged as a value or as text, through validation. */
export function rulesCase(corpus: Corpus, seed: number, i: number): FuzzCase {
  const rng = caseRng(seed, 'rules', i);
  const base = rng.pick(corpus.rules);
  let name = base.name;
  let text: string;
  if (name.endsWith('.json')) {
    const rule = JSON.parse(base.text) as Record<string, unknown>;
    const form = rng.int(3);
    // beside the rule itself (forms 1 and 2) the mutated copy has its own rule_id: the same one twice is a
    // RULE_DUPLICATE, which would stop the copy's mutation from being validated at all
    const copy = form === 0 ? rule : { ...rule, rule_id: `${String(rule.rule_id)}-copy` };
    const mutated = rng.chance(0.8) ? mutateRuleValue(copy, corpus.queries, rng) : copy;
    if (form === 0) text = JSON.stringify(mutated, null, rng.chance(0.5) ? 2 : undefined);
    else if (form === 1) text = JSON.stringify([rule, mutated]);
    else {
      name = name.replace(/\.json$/, '.ndjson');
      text = `${JSON.stringify(rule)}\n${JSON.stringify(mutated)}\n{"exported_count":2,"missing_rules":[]}\n`;
    }
  } else {
    text = base.text;
    const query = /query = '''([^]*?)'''/.exec(text);
    const r = rng.int(3);
    if (query && r === 0)
      text = text.replace(query[1]!, mutateQuery(query[1]!, corpus.queries, rng).replace(/'''/g, "''"));
    else if (r === 1) {
      // the [rule] table's values mutated, written back as TOML (what TOML cannot hold stays as it was)
      const doc = parseToml(text) as Record<string, unknown>;
      try {
        text = stringifyToml({
          ...doc,
          rule: mutateRuleValue(doc.rule as Record<string, unknown>, corpus.queries, rng),
        });
      } catch {
        // null and mixed arrays have no TOML form
      }
    }
  }
  if (rng.chance(0.5)) text = mutateText(text, rng);
  const schema = rng.chance(0.2) ? Schema.fromMapping(corpus.mapping) : undefined;
  return {
    kind: 'rules',
    input: `${name}: ${JSON.stringify(text.slice(0, 3000))}`,
    run: async (dir) => {
      const file = join(dir, `${i}-${name}`);
      writeFileSync(file, text);
      const report = validatePaths([file], schema);
      return report.problems[0]?.code;
    },
  };
}

export function fuzzCase(kind: Kind, corpus: Corpus, seed: number, i: number): FuzzCase {
  return kind === 'query'
    ? queryCase(corpus, seed, i)
    : kind === 'events'
      ? eventsCase(corpus, seed, i)
      : rulesCase(corpus, seed, i);
}
