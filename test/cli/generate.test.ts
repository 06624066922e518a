import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { formatAlertSummary, type AlertDocLike } from '../../src/output/alert-summary.js';
import { printedItems, runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

const RULE = join(REPO_ROOT, 'rule.json');
const END = '2026-12-01T10:00:00.000Z';

function digestDir(dir: string): string {
  const h = createHash('sha256');
  for (const n of readdirSync(dir).sort()) h.update(n + '\0').update(readFileSync(join(dir, n)));
  return h.digest('hex');
}

describe('rule-runner generate', function () {
  this.timeout(120_000);
  const t = tempDir();
  after(() => t.remove());

  it('writes the sample into a new directory, says what it planted, and a run-once just after --end alerts on the recent ones', async () => {
    const out = join(t.dir, 'new', 'events');
    const gen = await runCli(['generate', '--out', out, '--hours', '3', '--seed', '4', '--end', END]);
    expect(gen.stderr).to.equal('');
    expect(gen.code).to.equal(0);
    expect(readdirSync(out).sort()).to.deep.equal([
      'logs-endpoint.events.network-default-2026.12.01.ndjson',
      'logs-endpoint.events.process-default-2026.12.01.ndjson',
    ]);
    const lines = gen.stdout.trimEnd().split('\n');
    expect(lines[0]).to.match(
      new RegExp(
        `^wrote [\\d,]+ events \\([\\d.]+ MB\\) to ${out}: 2026-12-01T07:00:00.000Z .. ${END}, 25 Macs, seed 4$`,
      ),
    );
    expect(gen.stdout).to.include(
      '3 true positives of rule.json (MacOS Installer Package Spawns Network Event): 2 within the look-back',
    );
    const tpLines = lines.filter((l) => / → .* \(connects [\d.]+ s later\)/.test(l));
    expect(tpLines).to.have.lengthOf(3);
    expect(tpLines[0]).to.match(/backfill only$/);
    expect(tpLines[1]).to.match(/a run until \d\d:\d\d:\d\dZ finds it$/);
    expect(gen.stdout).to.include(
      `rule-runner backfill --rule rule.json --events ${out} --dry-run --from 2026-12-01T07:00:00.000Z --to ${END}`,
    );

    const run = await runCli([
      'run-once',
      '--rule',
      RULE,
      '--events',
      out,
      '--dry-run',
      '--now',
      '2026-12-01T10:00:05Z',
    ]);
    expect(run.code, run.stderr).to.equal(0);
    const alerts = printedItems(run.stdout) as AlertDocLike[];
    const summary = formatAlertSummary(alerts);
    expect(summary[0]).to.equal('MacOS Installer Package Spawns Network Event (medium): 2 alerts');
    // the hosts and chains generate printed for the recent two
    for (const [i, l] of tpLines.slice(1).entries()) {
      const [, first, host, user, chain] = /^ {2}(\S+) {2}(\S+) {2}(\S+) {2}(.*) \(connects/.exec(l)!;
      expect(summary[1 + i]).to.match(
        new RegExp(
          `^  ${first!.replace(/\./g, '\\.')} \\.\\. \\S+  host ${host}  user ${user}  ${chain}  alert [0-9a-f]{8}$`,
        ),
      );
    }
  });

  it('refuses to replace an earlier sample without --force (exit 2), replaces it with --force, the same bytes for the same seed and end', async () => {
    const out = join(t.dir, 'again');
    const args = ['generate', '--out', out, '--hours', '2', '--seed', '9', '--end', END];
    expect((await runCli(args)).code).to.equal(0);
    const first = digestDir(out);
    t.file('again/notes.ndjson', '{"@timestamp":"2026-12-01T09:00:00Z"}\n');
    const refused = await runCli(args);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.match(
      /^error \[OUT_EXISTS\]: --out .*again already holds 2 sample event files \(logs-endpoint\.events\.network-default-2026\.12\.01\.ndjson, .*\): pass --force/,
    );
    const forced = await runCli([...args, '--force']);
    expect(forced.code, forced.stderr).to.equal(0);
    // an older sample's files go, files of other names stay
    const otherDay = await runCli([...args.slice(0, -1), '2026-12-03T10:00:00Z', '--force']);
    expect(otherDay.code).to.equal(0);
    expect(readdirSync(out).sort()).to.deep.equal([
      'logs-endpoint.events.network-default-2026.12.03.ndjson',
      'logs-endpoint.events.process-default-2026.12.03.ndjson',
      'notes.ndjson',
    ]);
    expect((await runCli([...args, '--force'])).code).to.equal(0);
    expect(existsSync(join(out, 'notes.ndjson'))).to.equal(true);
    rmSync(join(out, 'notes.ndjson'));
    expect(digestDir(out)).to.equal(first);
  });

  it('names the flag of a bad value, exit 2', async () => {
    const file = t.file('plain-file', 'x');
    for (const [args, pattern] of [
      [['--hours', '0'], /--hours needs a whole number from 1 to 720/],
      [['--true-positives', '101'], /--true-positives needs a whole number from 0 to 100/],
      [['--seed', '-3'], /--seed/],
      [['--end', 'yesterday'], /--end/],
      [['--out', file], /OUT_NOT_DIRECTORY.*not a directory/],
      [['--out', join(file, 'sub')], /OUT_UNWRITABLE.*ENOTDIR/],
    ] as const) {
      const r = await runCli(['generate', '--out', join(t.dir, 'bad'), ...args]);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.stderr, args.join(' ')).to.match(pattern);
    }
  });
});
