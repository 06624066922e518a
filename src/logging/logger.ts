/**
 * The logger a run is handed: levels, a structured fields object, and `child(fields)` for the context of a rule or
 * a run (its id, its index patterns) that every entry below it carries. Implementations only write entries: the
 * level check, the merging of a child's fields and the redaction of secrets (redact.ts) happen here, once, so that
 * no implementation can forget them. text-logger.ts writes the CLI's `warning: ...` lines, winston-logger.ts
 * JSON lines; `nullLogger` and `memoryLogger` are for callers that want no log and for tests.
 */
import { redactFields, redactText } from './redact.js';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  /** A logger whose entries carry `fields` too (an entry's own fields win over them). */
  child(fields: LogFields): Logger;
  /** Whether an entry of `level` is written: a caller can skip building costly fields otherwise. */
  isLevelEnabled(level: LogLevel): boolean;
}

/** An entry as an implementation receives it: at an enabled level, fields merged and redacted. */
export interface LogEntry {
  level: LogLevel;
  message: string;
  fields: Record<string, unknown>;
}

export type LogSink = (entry: LogEntry) => void;

const SEVERITY: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export function isLogLevel(s: string): s is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(s);
}

/** A logger writing to `sink` the entries at `level` or more severe. */
export function sinkLogger(sink: LogSink, level: LogLevel, bound: LogFields = {}): Logger {
  const enabled = (l: LogLevel) => SEVERITY[l] <= SEVERITY[level];
  const log = (l: LogLevel) => (message: string, fields?: LogFields) => {
    if (!enabled(l)) return;
    sink({ level: l, message: redactText(message), fields: redactFields({ ...bound, ...fields }) });
  };
  return {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: (fields) => sinkLogger(sink, level, { ...bound, ...fields }),
    isLevelEnabled: enabled,
  };
}

const ignore = () => {};

/** Writes nothing. */
export const nullLogger: Logger = {
  error: ignore,
  warn: ignore,
  info: ignore,
  debug: ignore,
  child: () => nullLogger,
  isLevelEnabled: () => false,
};

/** Keeps its entries (and its children's) in `entries`, in order: for tests, and to look at what a run logged. */
export function memoryLogger(level: LogLevel = 'debug'): Logger & { readonly entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return Object.assign(
    sinkLogger((e) => entries.push(e), level),
    { entries },
  );
}
