/**
 * Seeded documents, exception items and Kibana filters for the differential test against Elasticsearch
 * (es-differential.test.ts): keywords with case variants and wildcard characters, numbers (also as strings and in
 * a keyword field), booleans, arrays with nulls, missing fields, one object spelled nested or dotted or as an array
 * of objects, addresses in an `ip` field (matched by address and CIDR), and a `nested` field. Every entry type and operator, filters of every shape buildEsQuery takes.
 */
import type { Prng } from '../../src/generate/prng.js';
import type { ExceptionEntry, ExceptionItem } from '../../src/exceptions/items.js';

export const MAPPING = {
  properties: {
    kw: { type: 'keyword' },
    kw2: { type: 'keyword' },
    short: { type: 'keyword', ignore_above: 4 },
    num: { type: 'long' },
    flag: { type: 'boolean' },
    ts: { type: 'date' },
    obj: { properties: { name: { type: 'keyword' }, n: { type: 'long' } } },
    host: { properties: { os: { properties: { type: { type: 'keyword' } } } } },
    source: { properties: { ip: { type: 'ip' } } },
    users: {
      type: 'nested',
      properties: { name: { type: 'keyword' }, role: { type: 'keyword' }, age: { type: 'long' } },
    },
  },
};

const WORDS = [
  'foo',
  'Foo',
  'FOO',
  'bar',
  'foo bar',
  'a*b',
  'a?b',
  'a\\b',
  'aXb',
  'ab',
  '',
  'café',
  'CAFÉ',
  '😀x',
];
const NUMS = [0, 1, 7, 42, -3, 1000];
const ROLES = ['admin', 'Admin', 'user', 'guest'];
const OSES = ['windows', 'linux', 'macos'];
const IPS = ['10.0.0.1', '10.1.2.3', '192.168.1.1', '::1', '2001:db8::1', '::ffff:10.0.0.7'];
const NETWORKS = [
  '10.0.0.0/8',
  '10.0.0.0/24',
  '10.0.0.1/32',
  '2001:db8::/32',
  '0.0.0.0/0',
  '::/0',
  '::ffff:10.0.0.1',
];
/** Partial dates: a term or bound on a date field names the whole year, month, day, hour, minute or second. */
const PARTIAL = [
  '2026',
  '2026-01',
  '2026-01-01',
  '2026-01-01T12',
  '2026-01-01T12:30',
  '2026-06-15T08:00:00',
  '2026-01-01T12:30:00.25',
];
const TIMES = [
  '2026-01-01T00:00:00Z',
  '2026-01-01T12:30:00.250Z',
  '2026-06-15T08:00:00Z',
  '2025-12-31T23:59:59.999Z',
];

/** Missing (undefined), null, one value, or an array of one to three (a null among them now and then). */
function valueOf(rng: Prng, one: () => unknown): unknown {
  const r = rng.float();
  if (r < 0.2) return undefined;
  if (r < 0.25) return null;
  if (r < 0.75) return one();
  const n = rng.range(0, 3);
  return Array.from({ length: n }, () => (rng.chance(0.1) ? null : one()));
}

function set(doc: Record<string, unknown>, key: string, v: unknown): void {
  if (v !== undefined) doc[key] = v;
}

export function randomDoc(rng: Prng): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  set(
    doc,
    'kw',
    valueOf(rng, () => (rng.chance(0.15) ? rng.pick(NUMS) : rng.pick(WORDS))),
  );
  set(
    doc,
    'kw2',
    valueOf(rng, () => rng.pick(WORDS)),
  );
  set(
    doc,
    'short',
    valueOf(rng, () => rng.pick(WORDS)),
  );
  set(
    doc,
    'num',
    valueOf(rng, () => (rng.chance(0.2) ? String(rng.pick(NUMS)) : rng.pick(NUMS))),
  );
  set(
    doc,
    'flag',
    valueOf(rng, () => (rng.chance(0.2) ? 'true' : rng.chance(0.5))),
  );
  set(
    doc,
    'ts',
    valueOf(rng, () => rng.pick(TIMES)),
  );
  const name = (): unknown => rng.pick(WORDS);
  const spelling = rng.int(4);
  if (spelling === 0) doc.obj = { name: name(), n: rng.pick(NUMS) };
  else if (spelling === 1) {
    doc['obj.name'] = name();
    if (rng.chance(0.5)) doc['obj.n'] = rng.pick(NUMS);
  } else if (spelling === 2)
    doc.obj = Array.from({ length: rng.range(1, 3) }, () => ({ name: name(), n: rng.pick(NUMS) }));
  if (rng.chance(0.6)) {
    const os = rng.pick(OSES);
    if (rng.chance(0.5)) doc['host.os.type'] = os;
    else doc.host = { os: { type: os } };
  }
  set(
    doc,
    'source.ip',
    valueOf(rng, () => rng.pick(IPS)),
  );
  if (rng.chance(0.8))
    doc.users = Array.from({ length: rng.range(0, 3) }, () => {
      const u: Record<string, unknown> = {};
      if (rng.chance(0.8)) u.name = rng.pick(WORDS);
      if (rng.chance(0.8)) u.role = rng.pick(ROLES);
      if (rng.chance(0.6)) u.age = rng.pick(NUMS);
      return u;
    });
  return doc;
}

/** Fields an entry may name, each with the values an entry on it may hold. */
const FIELDS: Array<[string, () => string[]]> = [
  ['kw', () => WORDS.concat(NUMS.map(String))],
  ['kw2', () => WORDS],
  ['short', () => WORDS],
  ['obj.name', () => WORDS],
  ['num', () => NUMS.map(String)],
  ['obj.n', () => NUMS.map(String)],
  ['flag', () => ['true', 'false']],
  ['host.os.type', () => OSES],
  ['source.ip', () => IPS.concat(NETWORKS)],
  ['ts', () => TIMES.concat(PARTIAL)],
  // a nested object's field outside a nested entry: the cluster sees none of its values
  ['users.name', () => WORDS],
];
const KEYWORD_FIELDS = ['kw', 'kw2', 'short', 'obj.name'];
const NESTED_FIELDS: Array<[string, () => string[]]> = [
  ['name', () => WORDS],
  ['role', () => ROLES],
  ['age', () => NUMS.map(String)],
];

function operator(rng: Prng): 'included' | 'excluded' {
  return rng.chance(0.3) ? 'excluded' : 'included';
}

/** A wildcard pattern over the words' characters: stars, question marks, escapes, and a trailing backslash. */
function pattern(rng: Prng): string {
  const base = rng.pick(WORDS);
  let out = '';
  for (const ch of base) {
    const r = rng.float();
    if (r < 0.15) out += '*';
    else if (r < 0.25) out += '?';
    else if (r < 0.3) out += '\\' + ch;
    else out += ch;
  }
  if (rng.chance(0.2)) out = '*' + out;
  if (rng.chance(0.2)) out += '*';
  if (rng.chance(0.05)) out += '\\';
  return out;
}

function simpleEntry(rng: Prng, fields: Array<[string, () => string[]]>): ExceptionEntry {
  const [field, values] = rng.pick(fields);
  const r = rng.float();
  if (r < 0.4) return { type: 'match', field, operator: operator(rng), value: rng.pick(values()) };
  if (r < 0.7) {
    const vs = values();
    const value = Array.from({ length: rng.range(1, 3) }, () => rng.pick(vs));
    return { type: 'match_any', field, operator: operator(rng), value };
  }
  return { type: 'exists', field, operator: operator(rng) };
}

function randomEntry(rng: Prng): ExceptionEntry {
  const r = rng.float();
  if (r < 0.55) return simpleEntry(rng, FIELDS);
  if (r < 0.75)
    return {
      type: 'wildcard',
      field: rng.pick(KEYWORD_FIELDS),
      operator: operator(rng),
      value: pattern(rng),
    };
  if (r < 0.97) {
    const entries = Array.from({ length: rng.range(1, 2) }, () => simpleEntry(rng, NESTED_FIELDS));
    return { type: 'nested', field: 'users', entries: entries as never };
  }
  return { type: 'list', field: 'kw', operator: 'included', list: { id: 'ips.txt', type: 'keyword' } };
}

export function randomItems(rng: Prng, now: Date): ExceptionItem[] {
  return Array.from({ length: rng.range(0, 4) }, (_, i) => {
    const item: ExceptionItem = {
      item_id: `item-${i}`,
      list_id: 'list',
      name: `item ${i}`,
      entries: Array.from({ length: rng.range(1, 3) }, () => randomEntry(rng)),
    };
    if (rng.chance(0.1))
      item.expire_time = new Date(now.getTime() + (rng.chance(0.5) ? -1 : 1) * 3_600_000).toISOString();
    if (rng.chance(0.1)) item.os_types = Array.from({ length: rng.range(1, 2) }, () => rng.pick(OSES));
    return item;
  });
}

function phrase(rng: Prng): Record<string, unknown> {
  const [field, values] = rng.pick(FIELDS);
  return { match_phrase: { [field]: rng.pick(values()) } };
}

function filterBody(rng: Prng): Record<string, unknown> {
  const r = rng.float();
  if (r < 0.25) return { query: phrase(rng) };
  if (r < 0.4) {
    const should = Array.from({ length: rng.range(1, 3) }, () => phrase(rng));
    return { query: { bool: { should, minimum_should_match: 1 } } };
  }
  if (r < 0.55) {
    const field = rng.pick(FIELDS)[0];
    return rng.chance(0.5) ? { exists: { field } } : { query: { exists: { field } } };
  }
  if (r < 0.75) {
    const useTs = rng.chance(0.5);
    const field = useTs ? 'ts' : rng.pick(['num', 'obj.n', 'kw2']);
    const bound = (): unknown =>
      useTs
        ? rng.pick(rng.chance(0.5) ? TIMES : PARTIAL)
        : field === 'kw2'
          ? rng.pick(WORDS)
          : rng.pick(NUMS);
    const spec: Record<string, unknown> = {};
    spec[rng.pick(['gt', 'gte'])] = bound();
    if (rng.chance(0.6)) spec[rng.pick(['lt', 'lte'])] = bound();
    const range = { range: { [field]: spec } };
    return rng.chance(0.3) ? range : { query: range };
  }
  if (r < 0.85) {
    const field = rng.pick(KEYWORD_FIELDS);
    const q = rng.chance(0.5)
      ? { term: { [field]: { value: rng.pick(WORDS), case_insensitive: rng.chance(0.5) } } }
      : { terms: { [field]: [rng.pick(WORDS), rng.pick(WORDS)] } };
    return { query: q };
  }
  if (r < 0.92)
    return { query: { match: { [rng.pick(KEYWORD_FIELDS)]: { query: rng.pick(WORDS), type: 'phrase' } } } };
  return {
    query: {
      nested: { path: 'users', query: { term: { 'users.role': rng.pick(ROLES) } }, score_mode: 'none' },
    },
  };
}

export function randomFilters(rng: Prng): unknown[] {
  return Array.from({ length: rng.range(0, 2) }, () => {
    const f = filterBody(rng);
    const meta: Record<string, unknown> = { negate: rng.chance(0.3), disabled: rng.chance(0.1) };
    if (rng.chance(0.1)) {
      const params = [
        { meta: { negate: rng.chance(0.3) }, ...filterBody(rng) },
        { meta: {}, ...filterBody(rng) },
      ];
      return {
        meta: { ...meta, type: 'combined', relation: rng.chance(0.5) ? 'AND' : 'OR', params },
        query: {},
      };
    }
    return { meta, ...f };
  });
}

/**
 * The document with every value of the type its field has (numbers in `num`, strings in `kw`, booleans in
 * `flag`), so that reading types from the values gives the mapping's answers; the fields whose answers depend on
 * more than the type (`short`'s ignore_above, `source.ip`'s address forms, `ts`'s dates) are dropped.
 */
export function naturalDoc(doc: Record<string, unknown>): Record<string, unknown> {
  const map = (v: unknown, f: (x: unknown) => unknown): unknown =>
    Array.isArray(v) ? v.map((x) => (x === null ? x : f(x))) : v === null || v === undefined ? v : f(v);
  const out: Record<string, unknown> = { ...doc };
  delete out.short;
  delete out['source.ip'];
  delete out.ts;
  if ('kw' in out) out.kw = map(out.kw, String);
  if ('num' in out) out.num = map(out.num, Number);
  if ('flag' in out) out.flag = map(out.flag, (x) => x === true || x === 'true');
  return out;
}
