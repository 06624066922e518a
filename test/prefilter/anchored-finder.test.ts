import { expect } from 'chai';
import { AnchoredKeyedSearch, type AnchoredKeyed } from '../../src/prefilter/anchored-finder.js';

/**
 * The keyed form as one plain regex: what the anchored search must agree with, line by line. Past a nested `[` or
 * `{` in the key's array, any later value will do.
 */
function reference(k: AnchoredKeyed): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const str = `"(?:${k.values.join('|')})"`;
  const value = k.bare ? `(?:${str}|-?[0-9][-+.0-9eE]*|true|false)` : str;
  const el = `(?:"(?:[^"\\\\]|\\\\.)*"|[^\\[\\]{}",\\s]+)`;
  const key = `[".]${esc(k.key)}"\\s*:\\s*`;
  return new RegExp(
    `${key}(?:${value}|\\[\\s*(?:${el}\\s*,\\s*)*${value})|${key}\\[\\s*(?:${el}\\s*,\\s*)*[\\[{][^]*?${value}`,
  );
}

const ci = (s: string) => s.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);

/** A seeded generator of JSON-ish lines around the key and values, with the near misses that matter. */
function lines(seed: number, n: number, key: string, values: string[]): string[] {
  let x = seed;
  const rnd = (m: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % m;
  };
  const pick = <T>(xs: T[]) => xs[rnd(xs.length)]!;
  const words = [
    ...values,
    ...values.map((v) => v.toUpperCase()),
    'other',
    'x' + values[0],
    values[0] + 'x',
    '',
  ];
  const keys = [key, 'x' + key, key + 'x', 'a.' + key, 'other'];
  const valueText = () =>
    pick([
      () => `"${pick(words)}"`,
      () => `[${pick(['', '1, ', 'null, ', '"a\\"b", ', '"q", '])}"${pick(words)}"]`,
      () =>
        `[${pick(['', '1, ', '"q", '])}${pick(['[', '[[', '{"a":1}, ', '["x"], ', '{"k":['])}"${pick(words)}"${pick([']', ']]', '', ']}'])}]`,
      () => `[${pick(['', '"q", '])}${pick(['[', '{"a":'])}${rnd(100)}${pick([']', '}'])}]`,
      () => `${rnd(100)}`,
      () => pick(['true', 'false', '1e3', '-2.5E-1']),
      () => `{"${pick(keys)}":"${pick(words)}"}`,
    ])();
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const fields: string[] = [];
    for (let j = rnd(5); j >= 0; j--)
      fields.push(`"${pick(keys)}"${pick(['', ' '])}:${pick(['', ' '])}${valueText()}`);
    out.push(`{${fields.join(',')}}`);
  }
  return out;
}

describe('anchored keyed search', () => {
  const cases: Array<{ name: string; k: AnchoredKeyed }> = [
    {
      name: 'value-anchored exact',
      k: { key: 'action', values: ['exec'], plain: ['exec'], caseInsensitive: false },
    },
    {
      name: 'value-anchored, case-insensitive, several lengths',
      k: {
        key: 'name',
        values: ['curl', 'osascript', 'sh'].map(ci),
        plain: ['curl', 'osascript', 'sh'],
        caseInsensitive: true,
      },
    },
    {
      name: 'key-anchored (wildcard values)',
      k: { key: 'category', values: ['net(?:[^"\\\\]|\\\\.)*'], caseInsensitive: false },
    },
    {
      name: 'key-anchored, values with their first characters known',
      k: { key: 'category', values: ['net(?:[^"\\\\]|\\\\.)*'], leads: 'n', caseInsensitive: false },
    },
    {
      name: 'key-anchored, values that may stand bare',
      k: { key: 'name', values: ['1(?:[^"\\\\]|\\\\.)*'], caseInsensitive: false, bare: true },
    },
    {
      name: 'key-anchored, plain values that may stand bare',
      k: { key: 'code', values: ['curl', '12'], plain: ['curl', '12'], caseInsensitive: false, bare: true },
    },
    {
      name: 'key-anchored, plain values without case, first characters known',
      k: {
        key: 'zq',
        values: ['curl', 'sh'].map(ci),
        plain: ['curl', 'sh'],
        leads: 'cCsS',
        caseInsensitive: true,
      },
    },
  ];
  for (const { name, k } of cases) {
    it(`agrees with the plain keyed regex on every line, as a cursor and within a line: ${name}`, () => {
      const ref = reference(k);
      for (let seed = 1; seed <= 40; seed++) {
        const ls = lines(seed, 60, k.key, k.plain ?? ['network', 'net']);
        const text = ls.join('\n') + '\n';
        // a fresh search per text, as per chunk; frequencies are learnt from this text
        const cursor = new AnchoredKeyedSearch(k);
        const bounded = new AnchoredKeyedSearch(k);
        let start = 0;
        let hits = 0;
        for (const line of ls) {
          const end = start + line.length;
          const want = ref.test(line);
          if (want) hits++;
          expect(cursor.find(text, start) <= end, `cursor, seed ${seed}: ${line}`).to.equal(want);
          expect(bounded.inLine(text, start, end), `in line, seed ${seed}: ${line}`).to.equal(want);
          start = end + 1;
        }
        expect(hits, 'the generator makes matching lines').to.be.greaterThan(0);
      }
    });
  }
});
