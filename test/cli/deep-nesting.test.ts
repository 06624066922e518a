/**
 * Input nested far deeper than Elasticsearch reads (1,000 levels, see src/json-depth.ts) is bad input, never a stack
 * overflow: every path that used to recurse over an event or a mapping. An event is a record that cannot be one
 * (skipped, counted, named in the warning; exit 2 with its file and line under --strict), a mapping an error.
 */
import { expect } from 'chai';
import { runCli } from '../support/cli.js';
import { deepEventText, truncatedDeepText } from '../support/deep-json.js';
import { tempDir } from '../support/tmp.js';

const NORMAL = JSON.stringify({ '@timestamp': '2026-01-01T00:00:00Z', event: { category: 'process' } });

function deepMappingText(fieldLevels: number): string {
  let node = '{"type":"keyword"}';
  for (let i = 1; i < fieldLevels; i++) node = `{"properties":{"a":${node}}}`;
  return `{"mappings":{"properties":{"a":${node}}}}`;
}

/** The run went on without the deep record, and the warning names it. */
function expectSkipped(r: { code: number; stderr: string; stdout: string }, where: string): void {
  expect(r.code, r.stderr.slice(0, 500)).to.equal(0);
  expect(r.stderr).to.match(/warning: 1 record\(s\) that are not JSON objects were skipped/);
  expect(r.stderr).to.contain(`at ${where}`);
  expect(r.stderr).not.to.match(/internal error|RangeError|\n\s+at /);
}

/** A user error: exit 2, the code, no stack trace. */
function expectUserError(r: { code: number; stderr: string }, code: string): void {
  expect(r.code, r.stderr.slice(0, 500)).to.equal(2);
  expect(r.stderr).to.contain(`error [${code}]`);
  expect(r.stderr).not.to.match(/internal error|RangeError|\n\s+at /);
}

describe('rule-runner query and validate on deeply nested input', () => {
  const t = tempDir();
  after(() => t.remove());
  const deep = () => t.file('deep.ndjson', `${NORMAL}\n${deepEventText(5000)}\n`);

  const cases: Array<[string, string[]]> = [
    ['printing the results', []],
    ['--fields', ['--fields', 'x.*']],
    ['a table with --fields', ['--format', 'table', '--fields', 'x*']],
    ['--dedup', ['--dedup']],
  ];
  for (const [what, flags] of cases)
    it(`refuses a 5,000-level event (EVENT_INVALID_DEPTH, file:line) when ${what}`, async () => {
      const file = deep();
      const skipped = await runCli(['query', '--events', file, ...flags, 'any where true']);
      expectSkipped(skipped, `${file}:2`);
      if (!flags.includes('table')) expect(skipped.stdout.trim().split('\n')).to.have.length(1);
      const r = await runCli(['query', '--strict', '--events', file, ...flags, 'any where true']);
      expectUserError(r, 'EVENT_INVALID_DEPTH');
      expect(r.stderr).to.contain(`${file}:2:`);
      expect(r.stderr).to.contain('x.a.a.a.a.a.…');
      expect(r.stdout).to.equal('');
    });

  it('refuses 5,000 levels of arrays, as a hit and in a JSON array file', async () => {
    const arrays = `{"@timestamp":"2026-01-01T00:00:00Z","x":${'['.repeat(5000)}1${']'.repeat(5000)}}`;
    const hit = t.file('hits.ndjson', `${NORMAL}\n{"_index":"i","_id":"7","_source":${arrays}}\n`);
    const array = t.file('array.json', `[\n${NORMAL},\n${arrays}\n]\n`);
    for (const [file, line] of [
      [hit, 2],
      [array, 3],
    ] as const) {
      expectSkipped(await runCli(['query', '--events', file, 'any where x == 1']), `${file}:${line}`);
      const r = await runCli(['query', '--strict', '--events', file, 'any where x == 1']);
      expectUserError(r, 'EVENT_INVALID_DEPTH');
      expect(r.stderr).to.contain(`${file}:${line}:`);
      expect(r.stderr).to.contain('x[0][0][0][0][0].…[0]');
    }
  });

  it('judges a deep event the same whether a stage wants it or not', async () => {
    const arrays = (v: number) =>
      `{"@timestamp":"2026-01-01T00:00:01Z","x":${'['.repeat(20_000)}${v}${']'.repeat(20_000)}}`;
    const file = t.file('unwanted.ndjson', `${NORMAL}\n${arrays(3)}\n`);
    for (const query of ['any where x == 5 or event.category == "process"', 'any where x == 3']) {
      const r = await runCli(['query', '--events', file, '--stats', query]);
      expectSkipped(r, `${file}:2`);
      expect(r.stderr).to.contain('"invalid":1');
      const strict = await runCli(['query', '--strict', '--events', file, query]);
      expectUserError(strict, 'EVENT_INVALID_DEPTH');
      expect(strict.stderr).to.contain(`${file}:2:`);
    }
  });

  it('reports a truncated deep line at the level too many, with a caret', async () => {
    const file = t.file('cut.ndjson', `${NORMAL}\n${truncatedDeepText(5000)}\n`);
    expectSkipped(await runCli(['query', '--events', file, 'any where true']), `${file}:2:`);
    const r = await runCli(['query', '--strict', '--events', file, 'any where true']);
    expectUserError(r, 'EVENT_INVALID_DEPTH');
    // the 1,001st bracket: the event's own, then 1,000 of {"a": (5 characters each) after `"x":`
    const column = '{"@timestamp":"2026-01-01T00:00:00Z","x":'.length + 999 * 5 + 1;
    expect(r.stderr).to.contain(`${file}:2:${column}:`);
    expect(r.stderr).to.match(/\n\s*\^/);
  });

  it('reports a truncated line that stays within the limit as invalid JSON, as before', async () => {
    const file = t.file('short-cut.ndjson', `${truncatedDeepText(900)}\n`);
    const r = await runCli(['query', '--strict', '--events', file, 'any where true']);
    expectUserError(r, 'EVENT_INVALID_JSON');
    expect(r.stderr).to.contain(`${file}:1:`);
  });

  it('reports a truncated deep rule file as invalid JSON (the spot unknown), not as a crash', async () => {
    const rule = t.file('deep-rule.json', '{"a":'.repeat(5000));
    const r = await runCli(['validate', rule]);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stdout).to.contain(`${rule}: [RULE_FILE] invalid JSON`);
    expect(r.stdout + r.stderr).not.to.match(/internal error|RangeError/);
  });

  for (const command of ['query', 'validate'])
    it(`refuses a 3,000-level mapping in ${command} --mapping (MAPPING_INVALID, naming the field)`, async () => {
      const mapping = t.file('deep-mapping.json', deepMappingText(3000));
      const events = t.file('one.ndjson', `${NORMAL}\n`);
      const r =
        command === 'query'
          ? await runCli(['query', '--events', events, '--mapping', mapping, 'any where true'])
          : await runCli(['validate', '--mapping', mapping, '--query', 'any where true']);
      expectUserError(r, 'MAPPING_INVALID');
      expect(r.stderr).to.contain(mapping);
      expect(r.stderr).to.contain('a.a.a.a.a.a.…');
    });
});
