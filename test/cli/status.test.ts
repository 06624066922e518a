/**
 * What `rule-runner status` prints, from seeded stores (in memory: the command reads any `Stores`; the @es test
 * runs the command itself against a cluster): the rules table, each rule's executions most recent first, its
 * warnings, errors and open gaps, rules with executions but no state, `--rule`, and the JSON.
 */
import { expect } from 'chai';
import { formatStatus, readStatus } from '../../src/cli/commands/status.js';
import { isUserError } from '../../src/errors.js';
import { memoryStores } from '../../src/store/memory.js';
import { seedStatus } from './status-seed.js';

describe('rule-runner status (from seeded stores)', () => {
  const stores = memoryStores();
  before(() => seedStatus(stores));

  it('reads every rule, by name, each with its last executions most recent first and its gaps', async () => {
    const rules = await readStatus(stores, { limit: 2 });
    expect(rules.map((r) => [r.ruleId, r.state?.lastStatus ?? null])).to.deep.equal([
      ['alpha', 'partial failure'],
      ['beta', 'succeeded'],
      ['gamma', null],
    ]);
    expect(rules[0]!.executions.map((e) => e.executionUuid)).to.deep.equal(['ex-a3', 'ex-a2']);
    expect(rules[0]!.gaps.map((g) => g.id)).to.deep.equal(['gap-alpha-1']);
    expect(rules[2]!.executions.map((e) => e.status)).to.deep.equal(['failed']);
  });

  it('prints a rules table and each rule’s executions as a table', async () => {
    const text = formatStatus(await readStatus(stores, { limit: 5 }));
    const lines = text.split('\n');
    expect(lines[0]).to.match(/^RULE\s+RULE ID\s+LAST STATUS\s+LAST RUN\s+LAST SUCCESS\s+GAPS$/);
    expect(lines[1]).to.match(
      /^Alpha installer spawns network\s+alpha\s+partial failure\s+2026-03-01T10:05:00Z\s+2026-03-01T10:00:00Z\s+1$/,
    );
    expect(lines[2]).to.match(
      /^Beta credential access\s+beta\s+succeeded\s+2026-03-01T10:04:00Z\s+2026-03-01T10:04:00Z\s+0$/,
    );
    expect(lines[3]).to.match(/^Gamma once\s+gamma\s+failed\s+2026-03-01T09:00:00Z\s+-\s+0$/);
    // the columns line up: every row of the rules table starts its second column where the header does
    const col = lines[0]!.indexOf('RULE ID');
    for (const l of lines.slice(1, 4)) expect(l.slice(col)).to.match(/^(alpha|beta|gamma)\s/);
    expect(text).to.include('Alpha installer spawns network (rule_id alpha, uuid uuid-alpha)');
    expect(text).to.include('  message: This rule reached the maximum alert limit');
    expect(text).to.include('  warning: max_signals reached: 3 matches not written');
    expect(text).to.include('  gap (unfilled): 2026-03-01T08:00:00Z..2026-03-01T08:11:00Z');
    expect(text).to.include('  error: An error occurred during rule execution: message: "boom"');
    const alphaRows = lines.filter((l) => /^ {2}2026-03-01T\d\d:\d\d:00Z\s+scheduled/.test(l)).slice(0, 3);
    expect(alphaRows.map((l) => l.trim().split(/\s+/)[0])).to.deep.equal([
      '2026-03-01T10:05:00Z',
      '2026-03-01T10:00:00Z',
      '2026-03-01T09:55:00Z',
    ]);
    expect(alphaRows[0]!.trim().split(/\s{2,}/)).to.deep.equal([
      '2026-03-01T10:05:00Z',
      'scheduled',
      'partial failure',
      '2026-03-01T10:05:00Z..2026-03-01T10:05:00Z',
      'search',
      '3',
      '3',
      '1',
      '3',
      '0',
      '60ms',
    ]);
  });

  it('--rule takes a rule_id or a uuid; an unknown one is a user error naming the rules there are', async () => {
    expect((await readStatus(stores, { rule: 'beta', limit: 5 })).map((r) => r.ruleUuid)).to.deep.equal([
      'uuid-beta',
    ]);
    expect((await readStatus(stores, { rule: 'uuid-gamma', limit: 5 })).map((r) => r.ruleId)).to.deep.equal([
      'gamma',
    ]);
    const err = await readStatus(stores, { rule: 'nope', limit: 5 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUserError(err) && err.code).to.equal('RULE_NOT_FOUND');
    expect((err as Error).message).to.include('alpha, beta, gamma');
  });

  it('says so when no rule has run', () => {
    expect(formatStatus([])).to.equal('no rule has run yet\n');
  });
});
