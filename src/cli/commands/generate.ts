/**
 * `rule-runner generate`: writes the first-run sample (src/generate/sample.ts) into `--out` as NDJSON event files
 * named like the indices Elastic Defend writes to, then prints what it planted and how to find it. Files of an
 * earlier sample in the directory are replaced only with `--force` (exit 2 otherwise): a run over the directory
 * would read both.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError, visibleText } from '../../errors.js';
import { SAMPLE_DEFAULTS, SAMPLE_MAX_HOURS, SAMPLE_MAX_TRUE_POSITIVES } from '../../generate/sample.js';
import { sampleReport } from '../../generate/sample-report.js';
import { sampleFilesIn, writeSample } from '../../generate/write-sample.js';
import { parseDateMath } from '../../time/date-math.js';
import { wholeNumber } from '../options.js';
import type { CliIo } from '../program.js';

export const DEFAULT_SAMPLE_DIR = 'data/events';
export const SAMPLE_RULE = 'rule.json (MacOS Installer Package Spawns Network Event)';

interface GenerateFlags {
  out: string;
  hours: number;
  seed: number;
  end?: string;
  truePositives: number;
  force?: boolean;
}

export function registerGenerate(program: Command, io: CliIo): void {
  program
    .command('generate')
    .description(
      "Write a sample of Elastic Defend macOS events (NDJSON, one file per dataset and day) ending at --end, with a few of rule.json's true positives among noise and near misses",
    )
    .option('--out <dir>', 'directory of the event files', DEFAULT_SAMPLE_DIR)
    .option('--hours <n>', 'hours of events before --end', wholeNumber('--hours', 1, SAMPLE_MAX_HOURS), 24)
    .option(
      '--seed <n>',
      'the same seed and --end give the same files',
      wholeNumber('--seed', 0, 2 ** 32 - 1),
      1,
    )
    .option('--end <date>', 'the last event time: ISO date, epoch millis or date math (default: now)')
    .option(
      '--true-positives <n>',
      "rule.json's sequences to plant (the newest in the last minutes)",
      wholeNumber('--true-positives', 0, SAMPLE_MAX_TRUE_POSITIVES),
      SAMPLE_DEFAULTS.truePositives,
    )
    .option('--force', "replace an earlier sample's files in --out")
    .action((o: GenerateFlags) => {
      const now = new Date();
      const end = o.end === undefined ? now : parseDateMath(o.end, now, '--end');
      prepareDir(o.out, o.force === true);
      const written = onFsError(o.out, () =>
        writeSample(o.out, {
          endMs: end.getTime(),
          hours: o.hours,
          seed: o.seed,
          truePositives: o.truePositives,
        }),
      );
      io.stdout(sampleReport(written, o.out, SAMPLE_RULE).join('\n') + '\n');
    });
}

/** Makes `dir`, or checks it holds no earlier sample (removed with `force`). */
function prepareDir(dir: string, force: boolean): void {
  const shown = visibleText(dir);
  if (onFsError(dir, () => statSync(dir, { throwIfNoEntry: false })?.isFile()))
    throw new UserError('OUT_NOT_DIRECTORY', `--out ${shown}: not a directory`);
  const existing = onFsError(dir, () => sampleFilesIn(dir));
  if (existing.length === 0) {
    onFsError(dir, () => mkdirSync(dir, { recursive: true }));
    return;
  }
  if (!force) {
    const names = existing.slice(0, 3).map(visibleText).join(', ') + (existing.length > 3 ? ', …' : '');
    throw new UserError(
      'OUT_EXISTS',
      `--out ${shown} already holds ${existing.length} sample event files (${names}): pass --force to replace ` +
        'them, or --out another directory',
    );
  }
  onFsError(dir, () => existing.forEach((n) => rmSync(join(dir, n))));
}

/** A file-system error of the output directory is the user's to fix (permissions, space, a path): exit 2. */
export function onFsError<T>(dir: string, f: () => T, flag = '--out'): T {
  try {
    return f();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) throw e;
    throw new UserError(
      'OUT_UNWRITABLE',
      `${flag} ${visibleText(dir)}: ${code} (${visibleText((e as Error).message)})`,
      { cause: e },
    );
  }
}
