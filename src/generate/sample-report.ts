/**
 * What `rule-runner generate` prints once the sample is written: the files, the planted true positives (host,
 * process chain, times, and whether a first run or only a backfill finds each), the near misses, and the commands
 * that find them. Pure: lines from what was written.
 */
import { visibleText } from '../errors.js';
import { FIRST_RUN_LOOKBACK_MS, type NearMissKind } from './sample.js';
import type { WrittenSample } from './write-sample.js';

const NEAR_MISS_WORDS: Record<NearMissKind, string> = {
  installerQuiet: 'install scripts with no listed downloader',
  downloaderFromShell: "downloads from a user's shell",
  installerOtherChild: "downloads under installer's non-shell child",
  installerLate: 'downloads after the 15 s maxspan',
  installerWrongHost: 'downloads on another host',
};

const iso = (ms: number): string => new Date(ms).toISOString();
const count = (n: number): string => n.toLocaleString('en-US');

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Quotes a path for a shell command line when it holds anything but the safe characters. */
function shellWord(s: string): string {
  return /^[\w./:@=+-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

export function sampleReport(written: WrittenSample, dir: string, ruleName: string): string[] {
  const m = written.manifest;
  const out = visibleText(dir);
  const lines = [
    `wrote ${count(written.events)} events (${megabytes(written.bytes)}) to ${out}: ${iso(m.startMs)} .. ` +
      `${iso(m.endMs)}, ${m.hosts} Macs, seed ${m.seed}`,
    ...written.files.map((f) => `  ${f.name}  ${count(f.events)} events`),
  ];
  const recent = m.truePositives.filter((t) => t.firstRunUntilMs !== null).length;
  lines.push(
    m.truePositives.length === 0
      ? `no true positive of ${ruleName} is planted`
      : `${m.truePositives.length} true positives of ${ruleName}: ${recent} within the look-back of a run ` +
          `started now (${FIRST_RUN_LOOKBACK_MS / 60_000} minutes), all of them in a backfill over the range`,
  );
  for (const t of m.truePositives) {
    const found =
      t.firstRunUntilMs === null
        ? 'backfill only'
        : `a run until ${iso(t.firstRunUntilMs).slice(11, 19)}Z finds it`;
    const span = ((t.timestamps[1] - t.timestamps[0]) / 1000).toFixed(1);
    lines.push(
      `  ${iso(t.timestamps[0])}  ${t.hostName}  ${t.userName}  ${t.chain.join(' → ')} ` +
        `(connects ${span} s later)  ${found}`,
    );
  }
  const misses = (Object.keys(NEAR_MISS_WORDS) as NearMissKind[])
    .map((k) => `${m.nearMisses[k]} ${NEAR_MISS_WORDS[k]}`)
    .join(', ');
  lines.push(`near misses, which must not alert: ${misses} (one of each in the last 9 minutes)`);
  const events = visibleText(shellWord(dir));
  lines.push(
    'find them:',
    `  rule-runner run-once --rule rule.json --events ${events} --dry-run`,
    `  rule-runner backfill --rule rule.json --events ${events} --dry-run --from ${iso(m.startMs)} --to ${iso(m.endMs)}`,
  );
  return lines;
}
