import { expect } from 'chai';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { REPO_ROOT } from '../support/paths.js';

describe('rule-runner validate', () => {
  const t = tempDir();
  after(() => t.remove());

  it('accepts the seed rule.json', async () => {
    const r = await runCli(['validate', join(REPO_ROOT, 'rule.json')]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/1 valid, 0 invalid/);
  });

  it('accepts detection-rules TOML and Kibana NDJSON exports (skipping the export summary line)', async () => {
    const toml = t.file(
      'r.toml',
      `[metadata]\ncreation_date = "2021/01/01"\n\n[rule]\nrule_id = "a"\nname = "A"\ndescription = "d"\ntype = "eql"\nlanguage = "eql"\nrisk_score = 21\nseverity = "low"\nquery = '''\nprocess where process.name == "x"\n'''\n`,
    );
    const base = {
      rule_id: 'b',
      name: 'B',
      description: 'd',
      type: 'eql',
      language: 'eql',
      risk_score: 1,
      severity: 'high',
    };
    const ndjson = t.file(
      'export.ndjson',
      [
        JSON.stringify({ ...base, query: 'any where true' }),
        JSON.stringify({ ...base, rule_id: 'c', query: 'sequence [any where true] [any where true]' }),
        JSON.stringify({ exported_count: 2, missing_rules: [] }),
      ].join('\n'),
    );
    const r = await runCli(['validate', toml, ndjson]);
    expect(r.stdout).to.match(/3 valid, 0 invalid/);
    expect(r.code).to.equal(0);
  });

  it('lists every problem of an invalid rule with its origin, exit 2', async () => {
    const bad = t.file(
      'bad.ndjson',
      JSON.stringify({
        rule_id: 'x',
        type: 'query',
        risk_score: 500,
        severity: 'medium',
        interval: 'often',
        query: 'process where (a ==',
      }) + '\n',
    );
    const r = await runCli(['validate', bad, '--json']);
    expect(r.code).to.equal(2);
    const report = JSON.parse(r.stdout);
    const byField = Object.fromEntries(
      report.problems.map((p: { field: string; code: string }) => [p.field, p.code]),
    );
    expect(byField).to.include({
      name: 'RULE_INVALID',
      description: 'RULE_INVALID',
      type: 'RULE_INVALID',
      risk_score: 'RULE_INVALID',
      interval: 'RULE_INVALID',
      query: 'EQL_SYNTAX',
    });
    expect(report.problems[0].origin).to.match(/bad\.ndjson:1$/);
  });

  it('checks one query with --query and shows the caret', async () => {
    const ok = await runCli(['validate', '--query', 'process where true']);
    expect(ok.code).to.equal(0);
    const bad = await runCli(['validate', '--query', 'process where length(a, b)']);
    expect(bad.code).to.equal(2);
    expect(bad.stdout).to.match(/EQL_ARITY/);
    expect(bad.stdout).to.match(/\^/);
  });

  it('reports unreadable files and empty directories', async () => {
    const r = await runCli(['validate', t.dir + '/missing.json']);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.match(/file not found/);
  });

  it('points at a TOML syntax error by line and column, with a caret', async () => {
    const f = t.file('broken.toml', '[rule]\nname = "x"\nquery = = "process where true"\n');
    const r = await runCli(['validate', f]);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.include(`${f}:3:9: [RULE_FILE] invalid TOML`);
    expect(r.stdout).to.include('\n    query = = "process where true"\n            ^\n');
  });

  it('points at a JSON syntax error by line and column, with a caret, whatever JSON.parse says', async () => {
    // a missing comma: Node's message gives the position; a bare word: Node 20's gives none
    const comma = t.file(
      'comma.json',
      '{\n  "name": "x",\n  "type": "eql"\n  "query": "any where true"\n}\n',
    );
    const word = t.file('word.json', '{\n  "name": "x",\n  "query": nope\n}\n');
    const r = await runCli(['validate', comma, word]);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.include(`${comma}:4:3: [RULE_FILE] invalid JSON`);
    expect(r.stdout).to.match(/\n {4} {2}"query": "any where true"\n {6}\^\n/);
    expect(r.stdout).to.include(`${word}:3:12: [RULE_FILE] invalid JSON`);
    expect(r.stdout).to.match(/\n {4} {2}"query": nope\n {4} {11}\^\n/);
  });

  it('gives an NDJSON export line its column too', async () => {
    const f = t.file('export.ndjson', '{"name":"a"}\n{"name": "b", "query": nope}\n');
    const r = await runCli(['validate', f]);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.include(`${f}:2:24: [RULE_FILE] invalid JSON`);
  });
});
