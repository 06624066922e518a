import { expect } from 'chai';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const rule = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    rule_id: 'r',
    name: 'R',
    description: 'd',
    type: 'eql',
    risk_score: 1,
    severity: 'low',
    query: 'process where true',
    ...over,
  });

describe('rule-runner validate: --query with paths, and a rule tiebreaker against a mapping', () => {
  const t = tempDir();
  after(() => t.remove());

  it('checks both the query and the rule files when given both', async () => {
    const good = t.file('good.json', rule());
    const bad = t.file('bad.json', rule({ risk_score: 500 }));
    const both = await runCli(['validate', '--query', 'process where true', good, bad]);
    expect(both.code).to.equal(2);
    expect(both.stdout).to.include(`${bad} (r): [RULE_INVALID] risk_score`);
    expect(both.stdout).to.match(/\n2 valid, 1 invalid\n$/);
    const badQuery = await runCli(['validate', '--query', 'process where (', good, '--json']);
    expect(badQuery.code).to.equal(2);
    const report = JSON.parse(badQuery.stdout);
    expect([report.valid, report.invalid]).to.deep.equal([1, 1]);
    expect(report.problems[0]).to.include({ origin: '--query', code: 'EQL_SYNTAX' });
    const ok = await runCli(['validate', '--query', 'process where true', good]);
    expect([ok.code, ok.stdout]).to.deep.equal([0, '2 valid, 0 invalid\n']);
  });

  it("reports a rule's tiebreaker_field that the mapping holds as an object, or not at all", async () => {
    const mapping = t.file(
      'm.json',
      JSON.stringify({
        properties: {
          '@timestamp': { type: 'date' },
          event: { properties: { category: { type: 'keyword' }, sequence: { type: 'long' } } },
        },
      }),
    );
    const r = await runCli([
      ...['validate', '--mapping', mapping, '--json'],
      t.file('object.json', rule({ rule_id: 'o', tiebreaker_field: 'event' })),
      t.file('unknown.json', rule({ rule_id: 'u', tiebreaker_field: 'nope' })),
      t.file('leaf.json', rule({ rule_id: 'l', tiebreaker_field: 'event.sequence' })),
    ]);
    expect(r.code).to.equal(2);
    const report = JSON.parse(r.stdout);
    expect([report.valid, report.invalid]).to.deep.equal([1, 2]);
    const byRule = Object.fromEntries(
      report.problems.map((p: { rule: string; field: string; message: string }) => [p.rule, p]),
    );
    expect(byRule.o.field).to.equal('tiebreaker_field');
    expect(byRule.o.message).to.match(
      /^tiebreaker_field: event is an object in the mapping.*only its subfields.*such as event\.category$/,
    );
    expect(byRule.u.message).to.match(/^tiebreaker_field: nope is not in the mapping/);
  });
});
