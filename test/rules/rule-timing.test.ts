import { expect } from 'chai';
import { parse } from '../../src/eql/syntax/parser.js';
import { scheduleWarnings } from '../../src/rules/rule-timing.js';
import { durationMs } from '../../src/time/duration.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const seq = (maxspan: string) =>
  parse(`sequence with maxspan=${maxspan} [process where true] [network where true]`);

describe('rule schedule coverage', () => {
  it('reads durations', () => {
    expect(['30s', '5m', '2h', '1d'].map(durationMs)).to.deep.equal([30_000, 300_000, 7_200_000, 86_400_000]);
  });

  it('is quiet when the runs overlap by at least the maxspan', () => {
    expect(scheduleWarnings({ interval: '5m', from: 'now-9m', to: 'now' }, seq('15s'))).to.deep.equal([]);
    expect(scheduleWarnings({ interval: '5m', from: 'now-9m', to: 'now' }, seq('4m'))).to.deep.equal([]);
    expect(
      scheduleWarnings({ interval: '5m', from: 'now-5m', to: 'now' }, parse('process where true')),
    ).to.deep.equal([]);
  });

  it('warns when part of every interval is never searched', () => {
    const w = scheduleWarnings({ interval: '5m', from: 'now-6m', to: 'now-2m' }, parse('process where true'));
    expect(w).to.have.length(1);
    expect(w[0]).to.match(/each run searches 4m .* every 5m: 1m of every interval is never searched/);
  });

  it('warns when a sequence can straddle a run start, and says how far back to look', () => {
    const w = scheduleWarnings({ interval: '5m', from: 'now-6m', to: 'now' }, seq('2m'));
    expect(w).to.have.length(1);
    expect(w[0]).to.match(/maxspan=2m is longer than the 1m consecutive runs overlap .* set from to now-7m/);
    // a window shorter than the interval overlaps nothing
    expect(scheduleWarnings({ interval: '10m', from: 'now-5m', to: 'now' }, seq('30s'))).to.have.length(2);
  });

  it('says nothing of windows that have no fixed length (absolute dates, rounding)', () => {
    expect(
      scheduleWarnings({ interval: '5m', from: '2026-01-01T00:00:00Z', to: 'now' }, seq('1h')),
    ).to.deep.equal([]);
    expect(scheduleWarnings({ interval: '5m', from: 'now-1d/d', to: 'now' }, seq('1h'))).to.deep.equal([]);
  });

  it('reads bounds with blanks around them as the run reads them', () => {
    // date math ignores blanks around it, so a padded bound searches the same window and has the same gaps
    for (const [from, to] of [
      ['now-6m', 'now-2m'],
      ['now-6m', 'now'],
      ['now-5m', 'now'],
    ]) {
      const plain = scheduleWarnings({ interval: '5m', from, to }, seq('2m'));
      expect(plain, `${from} to ${to}`).to.not.deep.equal([]);
      const padded = scheduleWarnings({ interval: '5m', from: ` ${from}\t`, to: ` ${to} ` }, seq('2m'));
      expect(padded, `${from} to ${to}, padded`).to.have.length(plain.length);
    }
  });

  it('shows the warnings in `validate`, which still exits 0', async () => {
    const t = tempDir();
    const rule = {
      rule_id: 'r',
      name: 'R',
      description: 'd',
      type: 'eql',
      language: 'eql',
      risk_score: 1,
      severity: 'low',
      interval: '5m',
      from: 'now-5m',
      query: 'sequence by host.id with maxspan=1m [process where true] [network where true]',
    };
    const f = t.file('r.json', JSON.stringify(rule));
    const r = await runCli(['validate', f]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/warning: .*r\.json \(r\): \[RULE_SCHEDULE\] maxspan=1m is longer than the 0s/);
    expect(r.stdout).to.match(/1 valid, 0 invalid/);
    const json = JSON.parse((await runCli(['validate', '--json', f])).stdout);
    expect(json.warnings.map((w: { code: string }) => w.code)).to.deep.equal(['RULE_SCHEDULE']);
    t.remove();
  });
});
