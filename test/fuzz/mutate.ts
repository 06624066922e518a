/**
 * Mutations for the fuzz test: of query texts (tokens and characters), of event lines (as text and as bytes) and of
 * rule documents. Each takes the case's generator, so that a case is its seed.
 */
import type { Prng } from '../../src/generate/prng.js';

/** Strings that tend to break things: odd unicode, escapes, wildcard and regex syntax, huge numbers. */
const ODD = [
  '\u0000',
  '\uFEFF',
  '\u202E',
  '\u2028',
  '\uD800',
  '\uDFFF',
  'e\u0301',
  '😀',
  '\u212A',
  'ſ',
  'İ',
  '\t',
  '\r',
  '\n',
  '\\',
  '\\u{110000}',
  '\\u{D800}',
  '\\u{41}',
  '\\x',
  '"""',
  '"',
  "'",
  '*',
  '?',
  '**?*',
  '[',
  '(?',
  '\\\\',
  '.*',
  '{2,1}',
  '~',
  '|',
  '`',
  '?"',
  '-?',
  '-',
  '/',
];
const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '99999999999999999999999999999',
  '9223372036854775808',
  '-9223372036854775809',
  '1.7976931348623157e309',
  '0.000000000000000000000000001',
  '-0',
  '0x10',
  '1e',
  '1.2.3',
  '00',
  '4294967296',
];
const KEYWORDS = [
  'and',
  'or',
  'not',
  'where',
  'any',
  'sequence',
  'sample',
  'by',
  'with',
  'maxspan',
  'runs',
  'until',
  'in',
  'in~',
  'like',
  'like~',
  'regex',
  'regex~',
  'true',
  'false',
  'null',
  '|',
  'head',
  'tail',
  'filter',
  '!',
  '![',
  '?',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  ':',
  '+',
  '-',
  '*',
  '/',
  '%',
  '(',
  ')',
  '[',
  ']',
  ',',
  '=',
  '.',
  '`',
];
const FUNCTIONS = [
  'add',
  'between',
  'cidrMatch',
  'concat',
  'divide',
  'endsWith',
  'indexOf',
  'length',
  'modulo',
  'multiply',
  'number',
  'startsWith',
  'string',
  'stringContains',
  'substring',
  'subtract',
  'endsWith~',
  'wildcard',
];

const TOKEN =
  /"""[^]*?"""|"(?:[^"\\]|\\.)*"?|\d+(?:\.\d+)?(?:e[+-]?\d+)?|[A-Za-z_@?][\w.@~-]*|==|!=|<=|>=|\s+|[^]/gi;

export function tokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

function oddString(rng: Prng): string {
  let s = '';
  for (let i = rng.range(1, 3); i > 0; i--) s += rng.pick(ODD);
  return s;
}

/** A piece of another query, to splice in. */
function pieceOf(others: readonly string[], rng: Prng): string {
  const t = tokens(rng.pick(others));
  if (t.length === 0) return '';
  const from = rng.int(t.length);
  return t.slice(from, from + rng.range(1, 12)).join('');
}

/** Wraps a condition (or any span) in many brackets, `not`s or calls. */
function nest(t: string[], rng: Prng): string[] {
  const where = t.findIndex((x) => x.toLowerCase() === 'where');
  const at = where >= 0 ? where + 2 : rng.int(t.length + 1);
  const depth = rng.pick([50, 199, 200, 201, 999, 1001, 5000, 50_000]);
  const kind = rng.int(4);
  const [open, close] =
    kind === 0
      ? ['(', ')']
      : kind === 1
        ? ['not ', '']
        : kind === 2
          ? [`${rng.pick(FUNCTIONS)}(`, rng.chance(0.5) ? ')' : ', 1)']
          : ['-', ''];
  return [...t.slice(0, at), open.repeat(depth), ...t.slice(at), close.repeat(depth)];
}

/** A long chain of `or`s / `and`s / arithmetic. */
function chain(rng: Prng): string {
  const op = rng.pick([' or ', ' and ', ' + ', ', ']);
  const n = rng.pick([100, 999, 1000, 1001, 20_000]);
  return `any where ${Array.from({ length: n }, (_, i) => `a${i % 7} == ${i}`).join(op)}`;
}

/** One to four mutations of `text`, drawing pieces from `others`. */
export function mutateQuery(text: string, others: readonly string[], rng: Prng): string {
  if (rng.chance(0.01)) return chain(rng);
  let t = tokens(text);
  // mostly one mutation: more would leave little but syntax errors
  const n = rng.weighted([1, 2, 3, 4], [65, 20, 10, 5]);
  for (let k = 0; k < n; k++) {
    const i = rng.int(Math.max(1, t.length));
    switch (rng.int(14)) {
      case 0:
        t.splice(i, rng.range(1, 3));
        break;
      case 1:
        t.splice(i, 0, rng.chance(0.5) ? ` ${rng.pick(KEYWORDS)} ` : rng.pick(FUNCTIONS) + '(');
        break;
      case 2:
        t.splice(i, 0, ...t.slice(i, i + rng.range(1, 6)));
        break;
      case 3: {
        const j = rng.int(Math.max(1, t.length));
        [t[i], t[j]] = [t[j] ?? '', t[i] ?? ''];
        break;
      }
      case 4:
      case 5: {
        // characters
        const s = t.join('');
        const at = rng.int(s.length + 1);
        const r = rng.int(4);
        const mutated =
          r === 0
            ? s.slice(0, at) + s.slice(at + rng.range(1, 3))
            : r === 1
              ? s.slice(0, at) + oddString(rng) + s.slice(at)
              : r === 2
                ? s.slice(0, at) + s.slice(at, at + rng.range(1, 8)).repeat(rng.range(2, 5)) + s.slice(at)
                : s.slice(0, at);
        t = tokens(mutated);
        break;
      }
      case 6:
        t.splice(i, rng.range(0, 4), pieceOf(others, rng));
        break;
      case 7:
        t = nest(t, rng);
        break;
      case 8: {
        const num = t.findIndex((x, j) => j >= i && /^\d/.test(x));
        if (num >= 0) t[num] = rng.pick(HUGE_NUMBERS);
        else t.splice(i, 0, ` ${rng.pick(HUGE_NUMBERS)} `);
        break;
      }
      case 9: {
        // a string's content: odd, long, wildcard- or regex-heavy; or left unterminated
        const str = t.findIndex((x, j) => j >= i && x.startsWith('"'));
        const at = str >= 0 ? str : t.findIndex((x) => x.startsWith('"'));
        if (at < 0) break;
        const body = rng.pick([
          () => oddString(rng),
          () => '*'.repeat(rng.range(1, 40)) + 'a?'.repeat(rng.range(0, 20)),
          () => 'x*'.repeat(rng.range(5, 30)) + 'y',
          () => 'a'.repeat(rng.pick([1000, 100_000])),
          () => '(a+)+$' + '['.repeat(rng.range(0, 2)),
          () => '10.0.0.0/' + rng.pick(['33', '-1', '8/8', '', 'x', '999999999999']),
          () => '\\u{' + rng.hex(rng.range(1, 9)) + '}',
          () => t[at]!.slice(1, -1).split('').reverse().join(''),
        ])();
        t[at] = rng.chance(0.15) ? `"${body}` : `"${body.replace(/"/g, '\\"')}"`;
        break;
      }
      case 10: {
        const pipe = rng.pick([
          '| head 999999999999999999999',
          '| tail 0',
          '| head -1',
          '| head 1.5',
          '| tail 1e400',
          '| filter true',
          '| head',
          '| head 1 | tail 1 | head 2',
          '|',
        ]);
        t.push(' ', pipe);
        break;
      }
      case 11: {
        const w = rng.pick([
          ' with maxspan=0s ',
          ' with maxspan=99999999999999999d ',
          ' with maxspan=1.5s ',
          ' with maxspan=-1s ',
          ' with maxspan=1e400m ',
          ' with maxspan=10 ',
          ' with runs=0 ',
          ' with runs=99999999 ',
          ' with runs=-1 ',
          ' with runs=1e400 ',
          ' by ',
          ' by ?a, b[0], `c d` ',
          ' until [any where true] ',
          ' ![any where true] ',
        ]);
        t.splice(i, 0, w);
        break;
      }
      case 12: {
        const at = rng.int(Math.max(1, t.length));
        if (t[at])
          t[at] = rng.chance(0.5)
            ? t[at]!.toUpperCase()
            : `${t[at]}[${rng.pick(['0', '-1', '99999999999', '', 'x'])}]`;
        break;
      }
      default:
        t.splice(
          i,
          1,
          rng.pick(FUNCTIONS) + '(' + (t[i] ?? '') + rng.pick([')', ', 1)', ', "a", "b", "c", "d")', '']),
        );
    }
  }
  return t.join('');
}

// ------------------------------------------------------------------ events

const TIMESTAMPS: unknown[] = [
  {},
  [],
  ['2024-06-03T09:00:00.000Z'],
  true,
  null,
  '',
  'garbage',
  Infinity, // JSON.stringify writes null
  -1,
  1.5,
  '2024-13-45T99:99:99Z',
  '2024-06-03T09:00:00.000000001Z',
  '99999-01-01',
  '-000001-01-01T00:00:00Z',
  '2024-03-31T02:30:00Europe/Paris',
  '2024-06-03T09:00:00+99:00',
  String(Number.MAX_SAFE_INTEGER) + '0000',
  '1717405200000',
  '\u0000',
];
const WRONG_TYPES: unknown[] = [
  {},
  { a: { b: 1 } },
  [],
  [[[]]],
  [{ x: 1 }, 'process'],
  1,
  -0,
  1.5e300,
  true,
  null,
  '',
  'x'.repeat(300),
  '\u0000\u001f',
];
const FIELDS = [
  'event.category',
  'event.type',
  'event.action',
  'host.id',
  'host.os.type',
  'process.name',
  'process.entity_id',
  'process.parent.name',
  'process.parent.entity_id',
  'process.args',
  'destination.ip',
  'source.port',
];

function setPath(o: Record<string, unknown>, path: string, v: unknown): void {
  const segs = path.split('.');
  let at: Record<string, unknown> = o;
  for (const s of segs.slice(0, -1)) {
    const next = at[s];
    if (!next || typeof next !== 'object' || Array.isArray(next)) at[s] = {};
    at = at[s] as Record<string, unknown>;
  }
  at[segs[segs.length - 1]!] = v;
}

function deep(depth: number, rng: Prng): string {
  return rng.chance(0.5)
    ? '['.repeat(depth) + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** One event line mutated: as a value (wrong types, deep, huge), as text, or as bytes. Returns bytes. */
export function mutateEvent(line: string, rng: Prng): Buffer {
  const r = rng.int(10);
  if (r <= 3) {
    const o = JSON.parse(line) as Record<string, unknown>;
    const n = rng.range(1, 3);
    for (let k = 0; k < n; k++) {
      const which = rng.int(5);
      if (which === 0) o['@timestamp'] = rng.pick(TIMESTAMPS);
      else if (which === 1) setPath(o, rng.pick(FIELDS), structuredClone(rng.pick(WRONG_TYPES)));
      else if (which === 2)
        setPath(
          o,
          rng.pick(FIELDS),
          rng.pick(['x', 'é', '\u0000']).repeat(rng.weighted([1 << 12, 1 << 16, 1 << 20], [6, 3, 1])),
        );
      else if (which === 3) setPath(o, rng.pick(FIELDS), Number(rng.pick(HUGE_NUMBERS)));
      else
        // defined, not assigned: `__proto__` is then a key like any other, as JSON.parse makes it
        Object.defineProperty(
          o,
          rng.pick(['_source', '_index', '_id', 'hits', 'fields', '__proto__', 'constructor']),
          {
            value: structuredClone(rng.pick(WRONG_TYPES)),
            enumerable: true,
            writable: true,
            configurable: true,
          },
        );
    }
    let text = JSON.stringify(o);
    if (rng.chance(0.3)) {
      // a nested value spliced in as text, deeper than JSON.stringify would write
      const at = text.indexOf(':') + 1;
      text =
        text.slice(0, at) +
        deep(rng.weighted([100, 5000, 100_000], [6, 3, 1]), rng) +
        ',"z":' +
        text.slice(at);
    }
    return Buffer.from(text, 'utf8');
  }
  if (r <= 6) {
    let text = line;
    const at = rng.int(text.length + 1);
    const t = rng.int(7);
    if (t === 0) text = text.slice(0, at);
    else if (t === 1) text = text.slice(0, at) + rng.pick(ODD) + text.slice(at);
    else if (t === 2) text = text.slice(0, at) + text.slice(at + rng.range(1, 20));
    else if (t === 3)
      text = rng.chance(0.5)
        ? `{"@timestamp":"2024-06-03T09:00:00.000Z",${text.slice(1)}`
        : text.replace(
            /"@timestamp":"[^"]*"/,
            `"@timestamp":${rng.pick([...HUGE_NUMBERS, '1.5e-400', '"1e400"'])}`,
          );
    else if (t === 4)
      text = `${text.slice(0, -1)},"${rng.pick(['@timestamp', 'event', 'host', 'process'])}":${JSON.stringify(rng.pick(WRONG_TYPES))}}`;
    else if (t === 5)
      text = rng.pick([
        '[]',
        '1',
        '"x"',
        'null',
        '{}',
        '[' + text + ']',
        text + text,
        '{"hits":{"hits":[' + text + ']}}',
        `{"_index":"i","_id":"1","_source":${text}}`,
        `{"_index":"i","_source":[]}`,
      ]);
    else text = text.slice(0, at) + String.fromCharCode(rng.int(32)) + text.slice(at);
    return Buffer.from(text, 'utf8');
  }
  const bytes = Buffer.from(line, 'utf8');
  const at = rng.int(bytes.length + 1);
  const bad = Buffer.from(
    rng.pick([
      [0xff],
      [0xc3],
      [0xc0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
      [0x00],
      [0xef, 0xbb, 0xbf],
      [0x1f, 0x8b],
    ]),
  );
  return Buffer.concat([bytes.subarray(0, at), bad, bytes.subarray(at)]);
}

/** A whole event file: valid lines around mutated ones, or a file-level oddity. */
export function mutateEventFile(lines: readonly string[], rng: Prng): Buffer {
  const r = rng.int(20);
  if (r === 0)
    return Buffer.from(
      rng.pick(['', '\n\n\n', '[', '[]', '[1,', '{\n', '{\n"a":\n', '\uFEFF', ' \t\r\n']),
      'utf8',
    );
  if (r === 1) return Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]);
  const start = rng.int(Math.max(1, lines.length - 8));
  const picked = lines.slice(start, start + rng.range(1, 8));
  const parts: Buffer[] = picked.map((l) =>
    rng.chance(0.35) ? mutateEvent(l, rng) : Buffer.from(l, 'utf8'),
  );
  if (!parts.some((p, i) => p.toString('utf8') !== picked[i])) parts.push(mutateEvent(rng.pick(lines), rng));
  const sep = Buffer.from(rng.pick(['\n', '\n', '\r\n', '\n\n']));
  if (r === 2)
    return Buffer.concat([
      Buffer.from('[\n'),
      ...parts.flatMap((p) => [p, Buffer.from(',\n')]),
      Buffer.from('{}]\n'),
    ]);
  return Buffer.concat(parts.flatMap((p) => [p, sep]));
}

// ------------------------------------------------------------------ rules

const RULE_VALUES: unknown[] = [
  ...WRONG_TYPES,
  'now-1e400m',
  'now-',
  'now-9m',
  'now+5m',
  '-1s',
  '999999999999999999999d',
  '0s',
  '5',
  'eql',
  'kuery',
  'esql',
  ['logs-*', 5],
  [{ framework: 'MITRE ATT&CK', tactic: { id: 1 } }],
  -1,
  1e21,
];
const RULE_KEYS = [
  'query',
  'type',
  'language',
  'from',
  'to',
  'interval',
  'index',
  'name',
  'rule_id',
  'risk_score',
  'severity',
  'max_signals',
  'threat',
  'event_category_override',
  'timestamp_field',
  'tiebreaker_field',
  'timestamp_override',
  'enabled',
  'version',
];

/** The rule document mutated as a value: keys removed or given wrong values, the query mutated. */
export function mutateRuleValue(
  rule: Record<string, unknown>,
  queries: readonly string[],
  rng: Prng,
): Record<string, unknown> {
  const out = structuredClone(rule);
  const n = rng.range(1, 4);
  for (let k = 0; k < n; k++) {
    const key = rng.pick(RULE_KEYS);
    const r = rng.int(4);
    if (r === 0) delete out[key];
    else if (r === 1 && typeof out.query === 'string') out.query = mutateQuery(out.query, queries, rng);
    else if (r === 2) out[key] = structuredClone(rng.pick(RULE_VALUES));
    else
      out[key] = rng.chance(0.5)
        ? 'x'.repeat(rng.pick([10_000, 1 << 20]))
        : JSON.parse(deep(rng.pick([50, 3000]), rng));
  }
  return out;
}

/** Text-level damage to a rule file. */
export function mutateText(text: string, rng: Prng): string {
  const at = rng.int(text.length + 1);
  switch (rng.int(6)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + oddString(rng) + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(at + rng.range(1, 40));
    case 3: {
      const lines = text.split('\n');
      const i = rng.int(lines.length);
      lines.splice(i, 0, ...lines.slice(i, i + rng.range(1, 5)));
      return lines.join('\n');
    }
    case 4:
      return text.replace(/["']/, rng.pick(['', "'''", '"""', '\\']));
    default:
      return text.slice(0, at) + '\u0000\uFFFD\uD800' + text.slice(at);
  }
}
