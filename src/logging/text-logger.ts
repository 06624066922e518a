/**
 * The CLI's log lines: `warning: ...`, `note: ...`, as the commands have always printed them (tests hold them
 * byte for byte), with an entry's fields, if any, after the message as `key=value` (values as JSON). They go to a
 * terminal: a control character that input brought into a message (an index name from a hit) is shown as an
 * escape, as every message quoting input shows it (errors.ts), the message's own newlines kept.
 */
import { visibleLines, visibleText } from '../errors.js';
import { sinkLogger, type LogLevel, type Logger } from './logger.js';

const LABEL: Record<LogLevel, string> = { error: 'error', warn: 'warning', info: 'note', debug: 'debug' };

export function textLogger(write: (text: string) => void, level: LogLevel = 'info'): Logger {
  return sinkLogger(({ level: l, message, fields }) => {
    const keys = Object.keys(fields);
    const tail = keys.map((k) => ` ${k}=${JSON.stringify(fields[k]) ?? String(fields[k])}`).join('');
    write(`${LABEL[l]}: ${visibleLines(message)}${visibleText(tail)}\n`);
  }, level);
}
