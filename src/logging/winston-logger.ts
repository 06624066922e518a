/**
 * JSON lines through winston, one per entry: `{"@timestamp","level","message",...fields}`, to standard error
 * unless another stream is given. A field named like one of the first three is written as `fields.<name>` so that
 * it cannot hide them. Loading winston costs start-up time: the CLI imports this module only when asked for JSON.
 */
import winston from 'winston';
import { sinkLogger, type LogLevel, type Logger } from './logger.js';

const RESERVED = new Set(['@timestamp', 'level', 'message']);
const FIELDS = Symbol('fields');

interface Info extends winston.Logform.TransformableInfo {
  [FIELDS]?: Record<string, unknown>;
}

export function winstonLogger(opts: { level?: LogLevel; stream?: NodeJS.WritableStream } = {}): Logger {
  const level = opts.level ?? 'info';
  const w = winston.createLogger({
    levels: { error: 0, warn: 1, info: 2, debug: 3 },
    level,
    exitOnError: false,
    format: winston.format.printf((info: Info) => jsonLine(info)),
    transports: [new winston.transports.Stream({ stream: opts.stream ?? process.stderr })],
  });
  return sinkLogger(({ level: l, message, fields }) => w.log({ level: l, message, [FIELDS]: fields }), level);
}

function jsonLine(info: Info): string {
  const line: Record<string, unknown> = {
    '@timestamp': new Date().toISOString(),
    level: info.level,
    message: info.message,
  };
  for (const [k, v] of Object.entries(info[FIELDS] ?? {})) line[RESERVED.has(k) ? `fields.${k}` : k] = v;
  // JSON escapes C0 controls but writes DEL and C1 (U+009B is a terminal's CSI) as they are: escape them too
  return JSON.stringify(line).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
