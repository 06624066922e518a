/**
 * Soundness of the text prefilter, as a seeded property: for generated queries (every operator, `and`/`or`/`not`,
 * functions, `~` variants, sequences with `until` and missing stages, samples) and generated event lines (case
 * variants, escapes, non-ASCII, arrays, nested and dotted keys, numbers in any spelling, booleans, nulls), every
 * line whose event some stage matches must pass the prefilter, applied as the NDJSON reader applies it (the real
 * reader on a temp file: the first line decoded as UTF-8, the rest as latin1; or a JSON-array file).
 *
 * PREFILTER_SEED and PREFILTER_CASES run other or more cases; a failure prints how to run its case alone.
 */
import { expect } from 'chai';
import { parse } from '../../src/eql/syntax/parser.js';
import { verify } from '../../src/eql/verify/verify.js';
import { Schema } from '../../src/mapping/schema.js';
import { EqlError } from '../../src/eql/errors.js';
import { createExecutor } from '../../src/engine/executor.js';
import type { Prng } from '../../src/generate/prng.js';
import { readJsonRecordBatches } from '../../src/sources/files/json-records.js';
import { buildTextPrefilter } from '../../src/prefilter/text-prefilter.js';
import {
  numberSpellings,
  obj,
  Obj,
  place,
  Raw,
  shuffled,
  writeJson,
  type Json,
} from '../support/json-text.js';
import { seededRun } from '../support/seeded.js';
import { Exclusions } from '../fuzz/known-crashes.js';
import { tempDir } from '../support/tmp.js';

// ------------------------------------------------------------------ vocabulary

/** Values both the queries and the events draw from, so that many events match some condition. */
const WORDS = [
  'curl',
  'bash',
  'cmd.exe',
  'svchost',
  'tclsh8.6',
  'abc_def',
  'Zsh',
  'macos',
  'x y',
  'process',
  'network',
  '4688',
  '100',
  '1.5',
  '2.0',
  '-7',
  '1e+21',
  '1.0E7',
  'Infinity',
  'true',
  'false',
  'null',
  'a/b',
  'q"t',
  'b\\s',
  'é',
  'évent',
  '中文',
  '😀ok',
  'K',
  'kelvin',
  'ſs',
  '',
];
const AFFIXES = ['', '', '', 'x', '/usr/bin/', '.exe', 'é', ' ', '-', '1'];
const CATEGORIES = ['process', 'network', 'file', 'Process', 'a/b', '123'];
const UNMAPPED_FIELDS = [
  'process.name',
  'process.args',
  'process.parent.name',
  'user.name',
  'file.path',
  'host.os.type',
  'a',
  'code',
  'flag',
];
const MAPPING = {
  properties: {
    process: {
      properties: {
        name: { type: 'keyword' },
        args: { type: 'keyword' },
        parent: { properties: { name: { type: 'text', fields: { keyword: { type: 'keyword' } } } } },
      },
    },
    user: { properties: { name: { type: 'wildcard' } } },
    file: { properties: { path: { type: 'keyword', ignore_above: 12 } } },
    host: { properties: { os: { properties: { type: { type: 'constant_keyword', value: 'macos' } } } } },
    a: { type: 'keyword', null_value: 'NULL' },
    code: { type: 'keyword' },
    flag: { type: 'boolean' },
    ver: { type: 'version' },
    dll: { properties: { name: { type: 'alias', path: 'process.name' } } },
    event: { properties: { category: { type: 'keyword' } } },
    kind: { type: 'keyword' },
  },
};
const MAPPED_FIELDS = [
  'process.name',
  'process.args',
  'process.parent.name',
  'process.parent.name.keyword',
  'user.name',
  'file.path',
  'host.os.type',
  'a',
  'code',
  'ver',
  'dll.name',
];
/** Where a field's value is written in `_source` (an alias's target, a multi-field's parent). */
const SOURCE_PATH: Record<string, string> = {
  'dll.name': 'process.name',
  'process.parent.name.keyword': 'process.parent.name',
};

// ------------------------------------------------------------------ queries

interface Gen {
  rng: Prng;
  fields: string[];
  /** The strings the query compares with, for the events to use. */
  used: string[];
  /** Fields with the words the query compares them with, for the events to hold. */
  pairs: Array<[string, string]>;
  categories: string[];
  /**
   * The event being written spells every word in random case, so that it rarely holds a query's literal as
   * written: only the comparisons that ignore case match it, which tells whether the prefilter ignores case too.
   */
  fold: boolean;
}

/** `s` with its letters in random case (always when `always`, else sometimes). */
function caseVariant(s: string, rng: Prng, always = false): string {
  if (!always && !rng.chance(0.4)) return s;
  let out = '';
  for (const ch of s) out += rng.chance(0.5) ? ch.toUpperCase() : ch.toLowerCase();
  return out;
}

function word(g: Gen, field?: string): string {
  const w = g.rng.pick(WORDS);
  g.used.push(w);
  if (field !== undefined) g.pairs.push([field.replace(/^\?/, ''), w]);
  return caseVariant(w, g.rng);
}

/** An EQL string literal: escaped, `\u{...}` for some characters, or a raw `"""string"""`. */
function eqlString(s: string, rng: Prng): string {
  if (!/["\n\r]/.test(s) && !s.endsWith('"') && rng.chance(0.15)) return `"""${s}"""`;
  let out = '"';
  for (const ch of s) {
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch.codePointAt(0)! > 0x7e && rng.chance(0.3)) out += `\\u{${ch.codePointAt(0)!.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

/** A wildcard pattern from a word: some characters become `?`, `*` goes in here and there. */
function wildcard(w: string, rng: Prng): string {
  let out = rng.chance(0.3) ? '*' : '';
  for (const ch of w) {
    if (rng.chance(0.1)) out += '?';
    else out += ch;
    if (rng.chance(0.1)) out += '*';
  }
  if (rng.chance(0.3)) out += '*';
  return out;
}

/** A Lucene regular expression from a word: every other character escaped, some replaced by `.` or `.*`. */
function regex(w: string, rng: Prng): string {
  let out = rng.chance(0.3) ? '.*' : '';
  for (const ch of w) {
    if (rng.chance(0.1)) out += rng.pick(['.', '.*']);
    else out += /[a-zA-Z0-9]/.test(ch) || ch.codePointAt(0)! > 0x7f ? ch : `\\${ch}`;
  }
  if (rng.chance(0.3)) out += '.*';
  return out;
}

function list(g: Gen, item: () => string): string {
  const n = g.rng.range(1, 3);
  return n === 1 && g.rng.chance(0.5) ? item() : `(${Array.from({ length: n }, item).join(', ')})`;
}

type LiteralType = 'string' | 'number' | 'boolean' | 'null';

function literalType(g: Gen): LiteralType {
  return g.rng.weighted(['string', 'number', 'boolean', 'null'] as const, [75, 10, 10, 5]);
}

function scalarLiteral(g: Gen, field: string, type: LiteralType = literalType(g)): string {
  switch (type) {
    case 'string':
      return eqlString(word(g, field), g.rng);
    case 'number':
      return g.rng.pick(['100', '4688', '1.5', '-7', '0']);
    case 'boolean':
      return g.rng.pick(['true', 'false']);
    case 'null':
      return 'null';
  }
}

function anyField(g: Gen): string {
  return g.rng.chance(0.05) ? `?${g.rng.pick(g.fields)}` : g.rng.pick(g.fields);
}

function comparison(g: Gen, op: string): string {
  const left = anyField(g);
  return g.rng.chance(0.15)
    ? `${scalarLiteral(g, left)} ${op} ${left}`
    : `${left} ${op} ${scalarLiteral(g, left)}`;
}

function patternMatch(g: Gen, op: string): string {
  const left = anyField(g);
  const pattern = op.startsWith('regex') ? regex : wildcard;
  return `${left} ${op} ${list(g, () => eqlString(pattern(word(g, left), g.rng), g.rng))}`;
}

function inList(g: Gen, op: string): string {
  const left = anyField(g);
  const type = literalType(g);
  const n = g.rng.range(1, 4);
  return `${left} ${op} (${Array.from({ length: n }, () => scalarLiteral(g, left, type)).join(', ')})`;
}

/** A comparison that minds case and one that does not, in either order: the prefilter may merge their literals. */
function caseMix(g: Gen): string {
  const { rng } = g;
  const minds = rng.pick([() => comparison(g, '=='), () => patternMatch(g, 'like'), () => inList(g, 'in')])();
  const ignores = rng.pick([
    () => patternMatch(g, ':'),
    () => patternMatch(g, 'like~'),
    () => inList(g, 'in~'),
  ])();
  return rng.chance(0.5) ? `(${minds} or ${ignores})` : `(${ignores} or ${minds})`;
}

function condition(g: Gen, depth: number): string {
  const { rng } = g;
  let field = '';
  const f = () => (field = anyField(g));
  const r = rng.float();
  if (depth > 0 && r < 0.3) {
    const op = rng.pick(['and', 'or', 'and', 'or']);
    return `(${condition(g, depth - 1)} ${op} ${condition(g, depth - 1)})`;
  }
  if (depth > 0 && r < 0.36) return `not ${condition(g, depth - 1)}`;
  if (r < 0.45) return caseMix(g);
  const kind = rng.int(9);
  switch (kind) {
    case 0:
    case 1:
      return comparison(g, rng.weighted(['==', '!=', '<', '<=', '>', '>='], [6, 2, 1, 1, 1, 1]));
    case 2:
    case 3:
      return patternMatch(g, rng.pick([':', 'like', 'like~', ':']));
    case 4:
      return patternMatch(g, rng.pick(['regex', 'regex~']));
    case 5:
    case 6:
      return inList(g, rng.pick(['in', 'in~', 'not in', 'in~']));
    case 7: {
      const s = () => eqlString(word(g, field), rng);
      const tilde = rng.chance(0.5) ? '~' : '';
      return rng.pick([
        () => `startsWith${tilde}(${f()}, ${s()})`,
        () => `endsWith${tilde}(${f()}, ${s()})`,
        () => `stringContains${tilde}(${f()}, ${s()})`,
        () => `indexOf${tilde}(${f()}, ${s()}) >= 0`,
        () => `length(${f()}) > ${rng.int(6)}`,
        () => `concat(${f()}, ${s()}) == ${s()}`,
        () => `substring(${f()}, 0, 3) ${rng.pick(['==', ':'])} ${s()}`,
        () => `between(${f()}, ${s()}, ${s()}) == ${s()}`,
        () => `string(${f()}) ${rng.pick(['==', ':'])} ${s()}`,
        () => `string(${f()}) ${rng.pick(['in', 'in~'])} (${s()}, ${s()})`,
        () => `number(${f()}) == ${rng.pick(['100', '4688', '1.5'])}`,
        () => `cidrMatch(${f()}, "10.0.0.0/8")`,
      ])();
    }
    default:
      return rng.pick([() => 'true', () => 'false', () => `${f()} != null`, () => `${f()} == null`])();
  }
}

function category(g: Gen): string {
  const r = g.rng.float();
  if (r < 0.3) return 'any';
  const c = r < 0.9 ? g.rng.pick(['process', 'network', 'file', 'Process']) : g.rng.pick(CATEGORIES);
  g.categories.push(c);
  return r < 0.9 ? c : eqlString(c, g.rng);
}

function eventQuery(g: Gen): string {
  return `${category(g)} where ${condition(g, g.rng.range(0, 3))}`;
}

function query(g: Gen): string {
  const { rng } = g;
  const r = rng.float();
  const by = () => (rng.chance(0.5) ? ` by ${rng.pick(g.fields)}` : '');
  if (r < 0.55) return eventQuery(g) + (rng.chance(0.1) ? ' | head 3' : '');
  if (r < 0.85) {
    const stages = Array.from({ length: rng.range(2, 3) }, (_, i) => {
      const missing = i > 0 && rng.chance(0.15) ? '!' : '';
      return `${missing}[${eventQuery(g)}]`;
    });
    const until = rng.chance(0.3) ? ` until [${eventQuery(g)}]` : '';
    const span = rng.chance(0.5) ? ' with maxspan=10s' : '';
    return `sequence${by()}${span} ${stages.join(' ')}${until}`;
  }
  const stages = Array.from({ length: rng.range(2, 3) }, () => `[${eventQuery(g)}]`);
  return `sample by ${rng.pick(g.fields)} ${stages.join(' ')}`;
}

// ------------------------------------------------------------------ events

function numberValue(rng: Prng): Raw {
  const n = rng.pick([100, 4688, 1.5, 2, -7, 0, 1e21, 1e7, 0.00000015, 12345678901234567000]);
  const text = rng.chance(0.1) ? rng.pick(['1e400', '-1e400', '-0', '-0.0']) : rng.pick(numberSpellings(n));
  return new Raw(text);
}

function stringValue(
  g: Gen,
  base = g.used.length > 0 && g.rng.chance(0.6) ? g.rng.pick(g.used) : g.rng.pick(WORDS),
): string {
  const { rng } = g;
  const v = caseVariant(base, rng, g.fold);
  return rng.chance(0.2) ? rng.pick(AFFIXES) + v + rng.pick(AFFIXES) : v;
}

function scalarValue(g: Gen, base?: string): Json {
  const r = g.rng.float();
  if (base !== undefined && r < 0.8) {
    // a number-like word may stand as a number in any spelling
    const n = Number(base);
    if (base.trim() !== '' && !Number.isNaN(n) && g.rng.chance(0.4))
      return new Raw(g.rng.pick(Number.isFinite(n) ? numberSpellings(n) : [n > 0 ? '1e400' : '-1e400']));
    return stringValue(g, base);
  }
  if (r < 0.7) return stringValue(g);
  if (r < 0.85) return numberValue(g.rng);
  if (r < 0.93) return g.rng.chance(0.5);
  return null;
}

function fieldValue(g: Gen, depth = 0, base?: string): Json {
  const { rng } = g;
  const r = rng.float();
  if (r < 0.65 || depth > 1) return scalarValue(g, base);
  if (r < 0.95) {
    const items = Array.from({ length: rng.range(0, 3) }, () =>
      rng.chance(0.85) ? scalarValue(g) : fieldValue(g, depth + 1),
    );
    const at = rng.int(items.length + 1);
    items.splice(at, 0, rng.chance(0.8) ? scalarValue(g, base) : fieldValue(g, depth + 1, base));
    return items;
  }
  return obj([[rng.pick(['x', 'name', 'type']), scalarValue(g)]]);
}

/** Some objects on the way become arrays of objects, which readers flatten as Elasticsearch does. */
function arraysOfObjects(o: Obj, g: Gen): void {
  for (const entry of o.entries) {
    const v = entry[1];
    if (!(v instanceof Obj)) continue;
    arraysOfObjects(v, g);
    if (g.rng.chance(0.1)) entry[1] = g.rng.chance(0.5) ? [v] : [obj([['other', stringValue(g)]]), v];
  }
}

function event(g: Gen, categoryField: string): Json {
  const { rng } = g;
  const root = obj();
  if (rng.chance(0.9)) {
    const c =
      g.categories.length > 0 && rng.chance(0.7)
        ? rng.pick(g.categories)
        : caseVariant(rng.pick(CATEGORIES), rng);
    place(
      root,
      categoryField,
      rng.chance(0.3) ? [c, ...(rng.chance(0.5) ? [rng.pick(CATEGORIES)] : [])] : c,
      rng,
    );
  }
  const sourcePath = (f: string) => SOURCE_PATH[f] ?? f;
  // most events hold some of the values the query looks for, where it looks
  const wanted = new Map<string, Json>();
  for (const [f, w] of g.pairs) if (rng.chance(0.5)) wanted.set(sourcePath(f), fieldValue(g, 0, w));
  for (const f of shuffled(g.fields, rng)) {
    const path = sourcePath(f);
    const v = wanted.get(path) ?? (rng.chance(0.4) ? fieldValue(g) : undefined);
    wanted.delete(path);
    if (v === undefined) continue;
    place(root, path, v, rng);
    // a duplicate key: JSON.parse keeps the last
    if (rng.chance(0.03)) place(root, f, fieldValue(g), rng);
  }
  // literals elsewhere in the line than after their field's key
  if (rng.chance(0.5)) root.entries.push(['message', `${stringValue(g)} ${stringValue(g)}`]);
  if (rng.chance(0.2)) root.entries.push([stringValue(g), stringValue(g)]);
  arraysOfObjects(root, g);
  return new Obj(shuffled(root.entries, rng));
}

// ------------------------------------------------------------------ the property

interface Case {
  query: string;
  schema?: Schema;
  eventCategoryField: string;
  lines: string[];
  layout: 'ndjson' | 'crlf' | 'array';
}

function generate(rng: Prng): Case {
  const mapped = rng.chance(0.3);
  const g: Gen = {
    rng,
    fields: mapped ? MAPPED_FIELDS : UNMAPPED_FIELDS,
    used: [],
    pairs: [],
    categories: [],
    fold: false,
  };
  const eventCategoryField = rng.chance(0.15) ? 'kind' : 'event.category';
  const q = query(g);
  const distinct = Array.from({ length: rng.range(10, 50) }, () => {
    const style = {
      escape: rng.chance(0.3) ? 0.5 : 0,
      unicode: rng.chance(0.05) ? 0.1 : 0,
      space: rng.chance(0.3) ? 0.3 : 0,
    };
    g.fold = rng.chance(0.3);
    return writeJson(event(g, eventCategoryField), rng, style);
  });
  // some files are long enough for the prefilter to settle its order (512 lines) and test in it
  const lines = rng.chance(0.1)
    ? Array.from({ length: rng.range(600, 1200) }, () => rng.pick(distinct))
    : distinct;
  return {
    query: q,
    schema: mapped ? Schema.fromMapping(MAPPING) : undefined,
    eventCategoryField,
    lines,
    layout: rng.weighted(['ndjson', 'crlf', 'array'], [8, 1, 1]),
  };
}

function fileText(c: Case): string {
  if (c.layout === 'array') return `[\n${c.lines.join(',\n')}\n]\n`;
  return c.lines.join(c.layout === 'crlf' ? '\r\n' : '\n') + '\n';
}

const ORDINAL = { ts: 0, nanos: 0, tiebreaker: null, seq: 0 };

describe('text prefilter soundness (seeded property)', function () {
  this.timeout(120_000);
  const tmp = tempDir();
  after(() => tmp.remove());
  const run = seededRun('PREFILTER_SEED', 'PREFILTER_CASES', { seed: 0x5eed0001, cases: 600 });

  it(`passes every line some stage matches (${run.cases} cases from seed ${run.seed})`, async () => {
    const totals = { filtering: 0, matched: 0, skipped: 0, invalid: 0 };
    const excluded = new Exclusions();
    for (let i = 0; i < run.cases; i++) {
      const c = generate(run.rng(i));
      let stmt;
      try {
        stmt = parse(c.query);
        verify(stmt, { schema: c.schema });
      } catch (e) {
        if (!(e instanceof EqlError)) throw e;
        totals.invalid++;
        continue;
      }
      const opts = { schema: c.schema, eventCategoryField: c.eventCategoryField };
      const filter = buildTextPrefilter(stmt.query, opts);
      if (!filter) continue;
      totals.filtering++;
      let executor;
      try {
        executor = createExecutor(stmt, opts);
      } catch (e) {
        if (e instanceof EqlError) totals.invalid++;
        else if (!excluded.match(e, c.query)) throw e;
        continue;
      }
      const file = tmp.file(`case-${i}.ndjson`, fileText(c));
      const kept = new Set<number>();
      const stats = { skipped: 0 };
      for await (const batch of readJsonRecordBatches(file, filter, stats))
        for (const r of batch) kept.add(r.record);
      totals.skipped += stats.skipped;
      c.lines.forEach((line, n) => {
        const source = JSON.parse(line) as Record<string, unknown>;
        if (!executor.wants({ index: 'i', id: String(n), source, ordinal: ORDINAL })) return;
        totals.matched++;
        if (!kept.has(n + 1))
          expect.fail(
            `the prefilter dropped a line the query matches (${run.reproduce(i)}, ${c.layout}, ` +
              `${c.schema ? 'mapped' : 'unmapped'}, category field ${c.eventCategoryField})\n` +
              `query: ${c.query}\nline ${n + 1}: ${line}`,
          );
      });
    }
    excluded.report('prefilter soundness');
    // the generator must keep producing cases that test something
    expect(totals.invalid, 'queries the generator got wrong').to.be.below(run.cases * 0.3);
    if (run.cases >= 100) {
      expect(totals.filtering, 'cases with a prefilter').to.be.above(run.cases * 0.2);
      expect(totals.matched, 'matched lines checked').to.be.above(run.cases * 2);
      expect(totals.skipped, 'lines the prefilter skipped').to.be.above(run.cases * 5);
    }
  });
});
