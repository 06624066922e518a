import { expect } from 'chai';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

describe('rule-runner validate --mapping', () => {
  const t = tempDir();
  after(() => t.remove());
  const mapping = () =>
    t.file(
      'mapping.json',
      JSON.stringify({
        mappings: {
          properties: {
            '@timestamp': { type: 'date' },
            event: {
              properties: {
                category: { type: 'keyword' },
                type: { type: 'keyword' },
                action: { type: 'keyword' },
              },
            },
            host: {
              properties: { id: { type: 'keyword' }, os: { properties: { type: { type: 'keyword' } } } },
            },
            process: {
              properties: {
                name: { type: 'keyword' },
                pid: { type: 'long' },
                entity_id: { type: 'keyword' },
                parent: { properties: { name: { type: 'keyword' }, entity_id: { type: 'keyword' } } },
              },
            },
            source: { properties: { ip: { type: 'ip' } } },
            seen: { type: 'date', format: 'dd/MM/yyyy' },
          },
        },
      }),
    );
  const rule = (name: string, query: string) =>
    t.file(
      `${name}.json`,
      JSON.stringify({
        rule_id: name,
        name,
        description: 'd',
        type: 'eql',
        language: 'eql',
        risk_score: 1,
        severity: 'low',
        query,
      }),
    );

  it('accepts the seed rule against a mapping that has its fields', async () => {
    const r = await runCli(['validate', '--mapping', mapping(), join(REPO_ROOT, 'rule.json')]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(/1 valid, 0 invalid/);
  });

  it('reports every rule whose query the mapping refutes, as a run against that mapping would', async () => {
    const m = mapping();
    const files = [
      rule('unknown-field', 'process where proces.name == "x"'),
      rule('bad-ip', 'network where source.ip == "999.1.1.1"'),
      rule('bad-date', 'any where seen > "2026-01-01"'),
      rule('fine', 'any where seen > "01/01/2026" and process.pid > 4'),
    ];
    const r = await runCli(['validate', '--mapping', m, ...files]);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.match(/1 valid, 3 invalid/);
    expect(r.stdout).to.match(/unknown-field\.json \(unknown-field\): \[EQL_[A-Z_]+\] query .*proces\.name/);
    expect(r.stdout).to.match(/bad-ip\.json \(bad-ip\): \[EQL_INVALID\] query .*999\.1\.1\.1/);
    expect(r.stdout).to.match(
      /bad-date\.json \(bad-date\): \[EQL_INVALID\] query .*failed to parse date \[2026-01-01\]/,
    );
    // without the mapping, the same queries are valid EQL
    const plain = await runCli(['validate', ...files]);
    expect(plain.stdout).to.match(/4 valid, 0 invalid/);
  });

  it('checks one query against the mapping with --query', async () => {
    const r = await runCli([
      'validate',
      '--mapping',
      mapping(),
      '--query',
      'process where process.nam == "x"',
    ]);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.match(/--query: \[EQL_[A-Z_]+\].*process\.nam/);
    expect(r.stdout).to.include('^');
  });
});
