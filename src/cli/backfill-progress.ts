/**
 * How a backfill shows its progress: a bar per rule on a terminal (cli-progress: steps done / total, events
 * scanned, alerts written, ETA), a log line at most every 5 seconds a backfill otherwise, or nothing.
 */
import cliProgress from 'cli-progress';
import type { Logger } from '../logging/logger.js';
import type { BackfillProgress } from '../runner/backfill.js';

export type ProgressKind = 'none' | 'log' | 'bar';

export interface ProgressView {
  /** A new backfill's listener (one per rule, or per gap). */
  listener(ruleId: string): ((p: BackfillProgress) => void) | undefined;
  stop(): void;
}

/** `bar` when the terminal is one, `log` otherwise: the default when `--progress` is not given. */
export function defaultProgress(terminal: { isTTY?: boolean } | undefined): ProgressKind {
  return terminal?.isTTY ? 'bar' : 'log';
}

export function progressView(
  kind: ProgressKind,
  log: Logger,
  clock: () => Date,
  terminal?: NodeJS.WritableStream,
): ProgressView {
  if (kind === 'none') return { listener: () => undefined, stop: () => {} };
  if (kind === 'log') return { listener: () => progressLogger(log, clock), stop: () => {} };
  const bars = new cliProgress.MultiBar(
    {
      stream: terminal,
      format:
        '{rule} [{bar}] {value}/{total} steps | {events} events | {alerts} alerts | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    listener(ruleId) {
      let bar: cliProgress.SingleBar | undefined;
      return (p) => {
        const payload = { rule: ruleId, events: p.eventsScanned, alerts: p.alertsCreated };
        bar ??= bars.create(p.total, 0, payload);
        bar.update(p.done, payload);
      };
    },
    stop: () => bars.stop(),
  };
}

function progressLogger(log: Logger, clock: () => Date): (p: BackfillProgress) => void {
  let last = 0;
  const started = clock().getTime();
  return (p) => {
    const t = clock().getTime();
    if (p.done < p.total && t - last < 5_000) return;
    last = t;
    const rate = (t - started) / Math.max(1, p.done);
    log.info(`backfill ${p.backfillId} rule ${p.ruleId}: ${p.done}/${p.total} steps`, {
      eventsScanned: p.eventsScanned,
      alertsCreated: p.alertsCreated,
      etaMs: Math.round(rate * (p.total - p.done)),
    });
  };
}
