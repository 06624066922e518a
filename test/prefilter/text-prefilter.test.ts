import { expect } from 'chai';
import { parse } from '../../src/eql/syntax/parser.js';
import { buildTextPrefilter } from '../../src/prefilter/text-prefilter.js';
import { buildDataset, loadIndex } from '../../tools/conformance/datasets.js';
import { loadSpecFile } from '../../tools/conformance/spec-file.js';
import { specDirAvailable } from '../../tools/conformance/runner.js';
import { createExecutor } from '../../src/engine/executor.js';
import { isMissingEvent } from '../../src/engine/results.js';
import { Schema } from '../../src/mapping/schema.js';
import { SPEC_DIR } from '../support/paths.js';

/** A one-line test: each call gets a fresh text, as a new chunk would. */
const pf = (q: string, schema?: Schema) => {
  const f = buildTextPrefilter(parse(q).query, { schema });
  return f && ((line: string) => f(`${line}`, 0, line.length));
};

const ORDINAL = { ts: 1, nanos: 0, tiebreaker: null, seq: 1 };

describe('text prefilter', () => {
  it('requires the literals of == and : conditions, case-insensitively for :', () => {
    const f = pf('process where host.os.type == "macos" and process.name : ("bash", "tclsh*")')!;
    expect(
      f('{"event":{"category":"process"},"host":{"os":{"type":"macos"}},"process":{"name":"BASH"}}'),
    ).to.equal(true);
    expect(
      f('{"event":{"category":"process"},"host":{"os":{"type":"macos"}},"process":{"name":"tclsh8.6"}}'),
    ).to.equal(true);
    expect(
      f('{"event":{"category":"process"},"host":{"os":{"type":"linux"}},"process":{"name":"bash"}}'),
    ).to.equal(false);
    expect(
      f('{"event":{"category":"process"},"host":{"os":{"type":"macos"}},"process":{"name":"zsh"}}'),
    ).to.equal(false);
  });

  it('requires a value right after its key, in every way JSON can write a dotted field', () => {
    const f = pf('any where process.name : ("curl", "tcl*sh")')!;
    expect(f('{"process":{"name":"CURL"}}')).to.equal(true);
    expect(f('{"process.name":"curl"}')).to.equal(true);
    expect(f('{"process":{"name" : [ "zsh", 12, null, "tc\\"l", "curl" ]}}')).to.equal(true);
    expect(f('{"process":{"name":"tcl\\"xsh"}}')).to.equal(true);
    expect(f('{"process":{"name":"bash","args":["curl"]}}')).to.equal(false);
    expect(f('{"process":{"name":"curly"}}')).to.equal(false);
  });

  it('keeps a multi-field (name.keyword) wherever its value stands: under the parent key or its own path', () => {
    const schema = Schema.fromMapping({
      properties: {
        process: { properties: { name: { type: 'text', fields: { keyword: { type: 'keyword' } } } } },
      },
    });
    const f = pf('any where process.name.keyword == "curl"', schema)!;
    // Elasticsearch indexes the parent's value into the sub-field
    expect(f('{"process":{"name":"curl"}}')).to.equal(true);
    // the offline evaluator reads the sub-field's own path in _source
    passesMatch(
      'any where process.name.keyword == "curl"',
      '{"process":{"name":{"keyword":"curl"}}}',
      [],
      schema,
    );
    passesMatch('any where process.name.keyword : "CURL"', '{"process.name.keyword":"curl"}', [], schema);
    expect(f('{"process":{"name":"bash"}}')).to.equal(false);
  });

  it('takes any bare number after the key for literals a number reads as (JSON may spell 1234 as 1.234e3)', () => {
    const f = pf('any where code == "1234"')!;
    expect(f('{"code":1234}')).to.equal(true);
    expect(f('{"code":1.234e3}')).to.equal(true);
    expect(f('{"code":"1234"}')).to.equal(true);
    expect(f('{"code":5678}')).to.equal(true);
    expect(f('{"code":"5678"}')).to.equal(false);
    expect(f('{"other":1234}')).to.equal(false);
    const w = pf('any where code : "123*"')!;
    expect(w('{"code":1234}')).to.equal(true);
    expect(w('{"code":[5, 12399]}')).to.equal(true);
    expect(w('{"code":"5"}')).to.equal(false);
  });

  it('passes a line if any sequence stage (or until) may match it', () => {
    const f = pf(
      'sequence [process where a == "one"] [network where b == "two"] until [file where c == "three"]',
    )!;
    expect(f('{"a":"one","event":{"category":"process"}}')).to.equal(true);
    expect(f('{"b":"two","event":{"category":"network"}}')).to.equal(true);
    expect(f('{"c":"three","event":{"category":"file"}}')).to.equal(true);
    expect(f('{"a":"zero","event":{"category":"process"}}')).to.equal(false);
  });

  it('gives no filter when a stage has no literal requirement, or only under not/!=/functions', () => {
    expect(pf('any where true')).to.equal(null);
    expect(pf('any where not x == "a"')).to.equal(null);
    expect(pf('sequence [process where a == "x"] [process where startsWith(b, "y")]')).to.not.equal(null);
    expect(pf('any where a != "x"')).to.equal(null);
  });

  it('an or needs a literal from either side', () => {
    const f = pf('any where a == "left" or b == "right"')!;
    expect(f('{"a":"left"}')).to.equal(true);
    expect(f('{"b":"right"}')).to.equal(true);
    expect(f('{"c":"neither"}')).to.equal(false);
  });

  it('tests lines inside one text in order, each against its own span only', () => {
    const f = buildTextPrefilter(parse('any where a == "needle"').query)!;
    const lines = ['{"a":"hay"}', '{"a":"needle"}', '{"a":"hay"}', '{"b":"x","a":"needle"}', '{"a":"hay"}'];
    const text = lines.join('\n');
    const verdicts: boolean[] = [];
    let start = 0;
    for (const l of lines) {
      verdicts.push(f(text, start, start + l.length));
      start += l.length + 1;
    }
    expect(verdicts).to.deep.equal([false, true, false, true, false]);
  });

  it('keeps testing a group every early line passed, and learns again as the file changes', () => {
    const f = buildTextPrefilter(
      parse('network where event.type == "start" and process.name : "curl"').query,
    )!;
    const line = (type: string, name: string) =>
      `{"event":{"category":["network"],"type":["${type}"]},"process":{"name":"${name}"}}`;
    // a file that starts with nothing but `start` events, then turns to other kinds, in chunks of 1000 lines
    const kinds = (i: number): [string, string] =>
      i < 2000 ? ['start', 'curl'] : [['start', 'end'][i % 2]!, ['curl', 'bash', 'wget'][i % 3]!];
    const verdicts = new Map<string, boolean[]>();
    for (let chunk = 0; chunk < 200; chunk++) {
      const lines = Array.from({ length: 1000 }, (_, k) => line(...kinds(chunk * 1000 + k)));
      const text = lines.join('\n');
      let start = 0;
      lines.forEach((l, k) => {
        const key = kinds(chunk * 1000 + k).join(' ');
        if (!verdicts.has(key)) verdicts.set(key, []);
        verdicts.get(key)!.push(f(text, start, start + l.length));
        start += l.length + 1;
      });
    }
    // exact on this data, through every relearning: only start+curl passes
    for (const [key, vs] of verdicts) expect(new Set(vs), key).to.deep.equal(new Set([key === 'start curl']));
  });

  it('takes any one character for `?`, however the line was decoded (UTF-8, or latin1 as the NDJSON reader does)', () => {
    const q = 'process where process.name : "a?bcd"';
    const f = buildTextPrefilter(parse(q).query)!;
    const matcher = createExecutor(parse(q), { size: 100 });
    for (const ch of ['x', 'é', '中', '😀']) {
      const line = JSON.stringify({ event: { category: 'process' }, process: { name: `a${ch}bcd` } });
      const latin1 = Buffer.from(line, 'utf8').toString('latin1');
      expect(f(line, 0, line.length), `UTF-8 text, ${ch}`).to.equal(true);
      expect(f(latin1, 0, latin1.length), `latin1 text, ${ch}`).to.equal(true);
      // the engine matches it: skipping the line would lose a result
      expect(matcher.wants({ index: 'i', id: ch, source: JSON.parse(line), ordinal: ORDINAL }), ch).to.equal(
        true,
      );
    }
    const two = JSON.stringify({ event: { category: 'process' }, process: { name: 'axybcd' } });
    expect(f(two, 0, two.length)).to.equal(false);
  });

  /** The engine matches `line` (else the case would prove nothing) and the prefilter passes it, alone or in a text. */
  const passesMatch = (q: string, line: string, before: string[] = [], schema?: Schema) => {
    const stmt = parse(q);
    const source = JSON.parse(line) as Record<string, unknown>;
    expect(
      createExecutor(stmt, { schema }).wants({ index: 'i', id: '1', source, ordinal: ORDINAL }),
      `${q} matches ${line}`,
    ).to.equal(true);
    const f = buildTextPrefilter(stmt.query, { schema })!;
    expect(f(line, 0, line.length), `${q} passes ${line}`).to.equal(true);
    // after lines that hold the key or the value elsewhere, which decide how the search is anchored
    const text = [...before, line].join('\n');
    const g = buildTextPrefilter(stmt.query, { schema })!;
    let start = 0;
    for (const l of before) {
      g(text, start, start + l.length);
      start += l.length + 1;
    }
    expect(g(text, start, text.length), `${q} passes ${line} after ${before.length} lines`).to.equal(true);
  };

  it("passes a value in a nested array, or after an object, in its field's array (the evaluator flattens them)", () => {
    const keyCommon = Array.from({ length: 30 }, (_, i) => `{"name":"bash${i}","x":[1,2]}`);
    const valueCommon = Array.from({ length: 30 }, (_, i) => `{"other":"curl","name${i}":1}`);
    for (const before of [[], keyCommon, valueCommon]) {
      passesMatch('any where name == "curl"', '{"name":[["curl"]]}', before);
      passesMatch('any where name == "curl"', '{"name":["x",["y"],"curl"]}', before);
      passesMatch('any where name == "curl"', '{"name":[{"b":1},"curl"]}', before);
      passesMatch('any where name in~ ("CURL", "wget")', '{"name":["x",[["Curl"]]]}', before);
      passesMatch('any where name : "cu*"', '{"name":[["curl"]]}', before);
      passesMatch('process where true', '{"event":{"category":[["process"]]}}', before);
    }
  });

  it('finds a value after a nested opening in its own line, not in a string that would run on into the next', () => {
    const f = buildTextPrefilter(parse('any where file.path like~ "*-7*"').query)!;
    const lines = [
      '{"a":1,"file":{"path":[["bash"],-70e-1]}}',
      '{"file":{"path":"x"}}',
      '{"file":{"path":-7e0}}',
    ];
    const text = lines.join('\n') + '\n';
    const verdicts: boolean[] = [];
    let start = 0;
    for (const l of lines) {
      verdicts.push(f(text, start, start + l.length));
      start += l.length + 1;
    }
    expect(verdicts).to.deep.equal([true, false, true]);
  });

  it('tests a long value against a pattern of many wildcards in linear time (no backtracking blow-up)', () => {
    for (const [q, value] of [
      ['any where a : "x*x*x*x*x*x*x*x*y"', 'x'.repeat(20_000)],
      ['any where a like "*x*x*x*x*x*x*x*x"', 'x'.repeat(20_000) + 'y'],
      ['any where a : "??????????????????x"', 'é'.repeat(20_000)],
    ]) {
      const f = buildTextPrefilter(parse(q!).query)!;
      const line = Buffer.from(JSON.stringify({ a: value }), 'utf8').toString('latin1');
      const t0 = performance.now();
      expect(f(line, 0, line.length), q).to.equal(false);
      expect(performance.now() - t0, q).to.be.below(500);
    }
    // and still finds what they match
    const f = pf('any where a : "ab*cd*ef*gh"')!;
    expect(f('{"a":"abXcdXXcdYefZZgh"}')).to.equal(true);
    expect(f('{"a":"abXefXXcdYZZgh"}')).to.equal(true); // a superset: the middle keeps one fragment
    expect(f('{"a":"abXcdXXefYZZg"}')).to.equal(false);
  });

  it('builds its filter at once for wildcard-heavy and very long patterns', () => {
    for (const pattern of ['*'.repeat(40) + 'a?'.repeat(5), 'a'.repeat(100_000), '*a'.repeat(5000)]) {
      const t0 = performance.now();
      const f = buildTextPrefilter(parse(`any where a : "${pattern}"`).query);
      expect(f, pattern.slice(0, 20)).to.not.equal(null);
      expect(performance.now() - t0, pattern.slice(0, 20)).to.be.below(500);
    }
  });

  it('passes numbers however JSON spells them, where a literal is the string a number reads as', () => {
    passesMatch('any where code == "4688"', '{"code":4.688e3}');
    passesMatch('any where code == "4688"', '{"code":[1,4688.0]}');
    passesMatch('any where code in ("4688", "abcd")', '{"code":46.88E2}');
    passesMatch('any where code : "468*"', '{"code":4.688e3}');
    passesMatch('any where code == "1e+21"', '{"code":1000000000000000000000}');
    passesMatch('any where code == "Infinity"', '{"code":1e400}');
    passesMatch('any where code : "*fin*"', '{"code":1e400}');
    passesMatch('any where code like~ "INFINITY"', '{"code":1e400}');
  });

  it('passes booleans for literals that equal them without case (in~ "TRUE")', () => {
    passesMatch('any where flag in~ ("TRUE", "yes")', '{"flag":true}');
    passesMatch('any where flag in~ ("False")', '{"flag":[false]}');
  });

  it('passes lines with \\u escapes, which could spell any literal', () => {
    const f = pf('any where a == "macos"')!;
    expect(f('{"a":"\\u006dacos"}')).to.equal(true);
  });

  it('ignores fields whose mapping changes how values are written (dates, numbers, null_value, constant)', () => {
    const schema = Schema.fromMapping({
      properties: {
        d: { type: 'date' },
        n: { type: 'long' },
        k: { type: 'keyword', null_value: 'NULL' },
        c: { type: 'constant_keyword', value: 'endpoint' },
      },
    });
    expect(pf('any where d == "2020-01-01"', schema)).to.equal(null);
    expect(pf('any where k == "NULL"', schema)).to.equal(null);
    // a constant_keyword holds its value for documents that do not mention it
    expect(pf('any where c == "endpoint"', schema)).to.equal(null);
  });

  it('never drops an event that the engine matches, over every query of the Elasticsearch suite', function () {
    if (!specDirAvailable(SPEC_DIR)) {
      console.warn(`SKIPPED: the EQL spec suite is not at ${SPEC_DIR}`);
      this.skip();
    }
    const data = buildDataset(
      [loadIndex(SPEC_DIR, 'endgame-140', 'keyword')],
      'serial_event_id',
      'serial_event_id',
      false,
    );
    let checked = 0;
    let filtering = 0;
    for (const c of [
      ...loadSpecFile(`${SPEC_DIR}/test_queries.toml`),
      ...loadSpecFile(`${SPEC_DIR}/additional_test_queries.toml`),
    ]) {
      const stmt = parse(c.query);
      const filter = buildTextPrefilter(stmt.query, {
        schema: data.schema,
        eventCategoryField: 'event.category',
      });
      if (!filter) continue;
      filtering++;
      const ex = createExecutor(stmt, {
        schema: data.schema,
        tiebreakerField: 'serial_event_id',
        size: 1000,
      });
      for (const e of data.events) ex.push(e);
      for (const r of ex.finish()) {
        const events = r.kind === 'event' ? [r.event] : r.events.filter((e) => !isMissingEvent(e));
        for (const e of events) {
          if (isMissingEvent(e)) continue;
          checked++;
          const line = JSON.stringify(e.source);
          expect(filter(line, 0, line.length), `${c.name}: event ${e.id}`).to.equal(true);
        }
      }
    }
    expect(filtering).to.be.greaterThan(100);
    expect(checked).to.be.greaterThan(500);
  });
});
