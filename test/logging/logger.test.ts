import { expect } from 'chai';
import { Writable } from 'node:stream';
import { memoryLogger, nullLogger, type LogFields, type Logger } from '../../src/logging/logger.js';
import { REDACTED } from '../../src/logging/redact.js';
import { textLogger } from '../../src/logging/text-logger.js';
import { winstonLogger } from '../../src/logging/winston-logger.js';
import type { Prng } from '../../src/generate/prng.js';
import { seededRun } from '../support/seeded.js';

const TEXT_RUN = seededRun('LOG_TEXT_SEED', 'LOG_TEXT_CASES', { seed: 2713, cases: 400 });

/** The control characters (C0, DEL, C1) in `text`. */
const controls = (text: string) =>
  [...text].filter((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f));

/** Each implementation, with what it has written so far as text. */
const IMPLEMENTATIONS: { name: string; make: () => { logger: Logger; written: () => string } }[] = [
  {
    name: 'memoryLogger',
    make: () => {
      const logger = memoryLogger();
      return { logger, written: () => JSON.stringify(logger.entries) };
    },
  },
  {
    name: 'textLogger',
    make: () => {
      let out = '';
      return { logger: textLogger((s) => (out += s), 'debug'), written: () => out };
    },
  },
  {
    name: 'winstonLogger',
    make: () => {
      const { stream, written } = capture();
      return { logger: winstonLogger({ level: 'debug', stream }), written };
    },
  },
];

function capture(): { stream: Writable; written: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString('utf8');
      done();
    },
  });
  return { stream, written: () => out };
}

describe('logging: the Logger', () => {
  it('writes the levels at its own or more severe, and says which are enabled', () => {
    const log = memoryLogger('warn');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(log.entries.map((e) => `${e.level} ${e.message}`)).to.deep.equal(['warn w', 'error e']);
    expect([log.isLevelEnabled('info'), log.isLevelEnabled('warn')]).to.deep.equal([false, true]);
  });

  it('child(fields) adds context to every entry; an entry’s own fields win; a child’s child keeps both', () => {
    const log = memoryLogger();
    const rule = log.child({ rule: 'r1', run: 1 });
    rule.child({ run: 2, index: 'logs-*' }).info('searched', { hits: 3 });
    rule.warn('late', { rule: 'r1-own' });
    log.info('plain');
    expect(log.entries).to.deep.equal([
      { level: 'info', message: 'searched', fields: { rule: 'r1', run: 2, index: 'logs-*', hits: 3 } },
      { level: 'warn', message: 'late', fields: { rule: 'r1-own', run: 1 } },
      { level: 'info', message: 'plain', fields: {} },
    ]);
  });

  it('nullLogger writes nothing, and so do its children', () => {
    expect(() => nullLogger.child({ a: 1 }).error('x', { b: 2 })).not.to.throw();
    expect(nullLogger.isLevelEnabled('error')).to.equal(false);
  });

  it('textLogger writes the CLI’s lines byte for byte, fields after the message', () => {
    let out = '';
    const log = textLogger((s) => (out += s));
    log.warn('3 event(s) without a usable @timestamp were skipped (first at f:2)');
    log.info('the files were read again');
    log.debug('not at info');
    log.child({ rule: 'r 1' }).error('failed', { tries: 2 });
    expect(out).to.equal(
      'warning: 3 event(s) without a usable @timestamp were skipped (first at f:2)\n' +
        'note: the files were read again\n' +
        'error: failed rule="r 1" tries=2\n',
    );
  });

  it(`textLogger shows control characters as escapes, and leaves other text byte for byte (${TEXT_RUN.cases} seeded cases)`, () => {
    const pool = [
      'a',
      'é',
      ' ',
      ':',
      '\\',
      '\n',
      '\r',
      '\t',
      '\u001b',
      '\u0007',
      '\u0000',
      '\u007f',
      '\u009b',
      '\u2028',
      '😀',
    ];
    for (let i = 0; i < TEXT_RUN.cases; i++) {
      const rng = TEXT_RUN.rng(i);
      const message = Array.from({ length: rng.int(12) }, () => rng.pick(pool)).join('');
      const key = rng.chance(0.3) ? `k${rng.pick(pool)}` : 'k';
      const withFields = rng.chance(0.5);
      let out = '';
      textLogger((s) => (out += s)).warn(message, withFields ? { [key]: message } : undefined);
      const where = `case ${i} (${TEXT_RUN.reproduce(i)}): ${JSON.stringify(message)} → ${JSON.stringify(out)}`;
      expect(out.endsWith('\n'), where).to.equal(true);
      const body = out.slice(0, -1);
      expect(controls(body.replace(/\n/g, '')), where).to.deep.equal([]);
      // the message's own newlines stay: a multi-line message is still one
      expect(body.split('\n').length, where).to.equal(message.split('\n').length);
      if (controls(message).length === 0 && !withFields) expect(out, where).to.equal(`warning: ${message}\n`);
    }
  });

  it('winstonLogger writes no control character, C1 and DEL included, and its lines still parse back', () => {
    const { stream, written } = capture();
    const text = 'a\u001b[31m\u009b2J\u007f\u0085b\nc';
    winstonLogger({ stream }).warn(text, { [`k${text}`]: text });
    const out = written();
    expect(controls(out.slice(0, -1))).to.deep.equal([]);
    const entry = JSON.parse(out) as Record<string, unknown>;
    expect([entry.message, entry[`k${text}`]]).to.deep.equal([text, text]);
  });

  it('winstonLogger writes one JSON line per entry, level from its option, fields beside the message', () => {
    const { stream, written } = capture();
    const log = winstonLogger({ level: 'info', stream });
    log.child({ rule: 'r1' }).warn('slow', { ms: 12, level: 'mine' });
    log.debug('dropped');
    const lines = written().trimEnd().split('\n');
    expect(lines).to.have.length(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry['@timestamp']).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    delete entry['@timestamp'];
    expect(entry).to.deep.equal({
      level: 'warn',
      message: 'slow',
      rule: 'r1',
      ms: 12,
      'fields.level': 'mine',
    });
  });
});

describe('logging: secrets are redacted, whatever the implementation', () => {
  const fields: LogFields = {
    password: 'pw-1',
    api_key: 'key-2',
    apiKey: 'key-3',
    authorization: 'ApiKey key-4',
    ELASTICSEARCH_PASSWORD: 'pw-5',
    request: { headers: { Authorization: 'Basic key-6', 'x-api-key': 'key-7', accept: 'application/json' } },
    tries: [{ token: 'tok-8' }, { cookie: 'sid=key-9' }],
    url: 'https://elastic:pw-10@es.example:9200/_search',
    cause: Object.assign(new Error('refused by https://u:pw-11@es.example'), { meta: { password: 'pw-12' } }),
  };
  const secrets = [
    'pw-1',
    'key-2',
    'key-3',
    'key-4',
    'pw-5',
    'key-6',
    'key-7',
    'tok-8',
    'key-9',
    'pw-10',
    'pw-11',
    'pw-12',
  ];

  for (const impl of IMPLEMENTATIONS)
    it(`${impl.name}: in fields, in a child's fields, nested, in URLs of messages and values`, () => {
      const { logger, written } = impl.make();
      logger.warn('connecting to https://elastic:pw-13@es.example:9200', fields);
      logger
        .child({ password: 'pw-14', rule: 'r1' })
        .error('failed', { credentials: { user: 'u', pass: 'pw-15' } });
      const out = written();
      expect(
        secrets.concat('pw-13', 'pw-14', 'pw-15').filter((s) => out.includes(s)),
        out,
      ).to.deep.equal([]);
      // what is not a secret is still there
      for (const kept of ['application/json', 'es.example:9200/_search', 'r1', 'refused by'])
        expect(out, kept).to.include(kept);
      expect(out).to.include(REDACTED);
    });

  it('does not change the caller’s fields', () => {
    const mine = { password: 'pw', nested: { token: 't' } };
    memoryLogger().info('x', mine);
    expect(mine).to.deep.equal({ password: 'pw', nested: { token: 't' } });
  });

  it('survives cycles and deep values', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    let deep: Record<string, unknown> = { password: 'deep-pw' };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    const log = memoryLogger();
    log.info('x', { a, deep });
    const text = JSON.stringify(log.entries);
    expect(text).to.include('[circular]');
    expect(text).not.to.include('deep-pw');
  });

  // Any spelling of a secret name, at any depth in objects and arrays, is redacted; its siblings are kept.
  const run = seededRun('LOG_REDACT_SEED', 'LOG_REDACT_CASES', { seed: 1313, cases: 300 });
  const NAMES = ['password', 'passwd', 'api_key', 'apiKey', 'authorization', 'secret', 'token', 'cookie'];
  const PREFIXES = ['', 'es_', 'elasticsearch-', 'x-', 'proxy', 'client.', 'ELASTICSEARCH_'];

  function spelling(rng: Prng): string {
    const name = rng.pick(PREFIXES) + rng.pick(NAMES);
    const style = rng.int(4);
    if (style === 0) return name.toUpperCase();
    if (style === 1) return name.replace(/_/g, '-');
    if (style === 2) return name.replace(/[-_.]([a-z])/g, (_m, c: string) => c.toUpperCase());
    return name;
  }

  function nest(rng: Prng, inner: Record<string, unknown>): unknown {
    let v: unknown = inner;
    for (let d = rng.int(4); d > 0; d--) v = rng.chance(0.5) ? [v] : { [`level${d}`]: v };
    return v;
  }

  it(`redacts every spelling of a secret name at any depth (${run.cases} seeded cases)`, () => {
    for (let i = 0; i < run.cases; i++) {
      const rng = run.rng(i);
      const secret = `S3cret-${rng.hex(8)}`;
      const kept = `kept-${rng.hex(8)}`;
      const key = spelling(rng);
      const impl = rng.pick(IMPLEMENTATIONS);
      const { logger, written } = impl.make();
      const value = nest(rng, { [key]: secret, host: kept });
      if (rng.chance(0.5)) logger.child({ ctx: value }).warn('m');
      else logger.warn('m', { ctx: value });
      const out = written();
      const where = `case ${i} (${run.reproduce(i)}): key ${JSON.stringify(key)} with ${impl.name}: ${out}`;
      expect(out.includes(secret), where).to.equal(false);
      expect(out.includes(kept), where).to.equal(true);
    }
  });
});
