/**
 * Keyed finders that search from a rare character.
 *
 * V8 scans a text for a regex at about 0.5 ns per character when its first character is common (a keyed search
 * starts with `"`, on nearly every tenth character of JSON) and at about 0.1-0.2 ns when it is rare: it skips to
 * candidates of the first character. So the search here starts at the rarest character of the key or of the
 * values (rarity learnt from the first text searched), and each candidate it finds is then checked in full where
 * it stands: the key form from the key's position, or the value with a look-behind for its key. Every keyed match
 * holds the anchor text, so none is missed; only the order of the work changes.
 */

/** End of the next occurrence starting at or after `from` in `text` (Infinity when none). */
export type Finder = (text: string, from: number) => number;

export interface AnchoredKeyed {
  /** The field's last key, as it stands in JSON. */
  key: string;
  /** Regex sources of the value contents (as the keyed form uses them). */
  values: string[];
  /** The plain values, when every value is a plain string (no wildcard): they can anchor the search. */
  plain?: string[];
  caseInsensitive: boolean;
}

const SAMPLE = 1 << 16;

/** How often each ASCII character occurs in the first `SAMPLE` characters of `text`, per character. */
function frequencies(text: string): Float64Array {
  const f = new Float64Array(128);
  const n = Math.min(text.length, SAMPLE);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) f[c]!++;
  }
  for (let c = 0; c < 128; c++) f[c] = f[c]! / Math.max(1, n);
  return f;
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ELEMENT = `(?:"(?:[^"\\\\]|\\\\.)*"|[^\\[\\]{}",\\s]+)`;

interface Plan {
  /** Global regex over the anchor text. */
  search: RegExp;
  /** Where a candidate occurrence starts, from the end of an anchor hit; several for values of several lengths. */
  starts: number[];
  /** Sticky check of the whole occurrence at a start. */
  verify: RegExp;
}

function charCost(f: Float64Array, ch: string, ci: boolean): number {
  const c = ch.charCodeAt(0);
  if (!ci || !/[a-z]/i.test(ch)) return f[c] ?? 1;
  return (f[ch.toLowerCase().charCodeAt(0)] ?? 1) + (f[ch.toUpperCase().charCodeAt(0)] ?? 1);
}

/** The rarest position of `s` at or after `from`. */
function rarest(f: Float64Array, s: string, ci: boolean, from = 0): { at: number; cost: number } {
  let at = from;
  let cost = Infinity;
  for (let i = from; i < s.length; i++) {
    const c = charCost(f, s[i]!, ci);
    if (c < cost) {
      cost = c;
      at = i;
    }
  }
  return { at, cost };
}

/**
 * The keyed form: the key, as it ends a JSON key in any of the ways a dotted field can be written
 * (`{"a":{"c":v}}`, `{"a.c":v}`), then the value: a JSON string, or an array of scalars holding one.
 */
function plan(k: AnchoredKeyed, f: Float64Array): Plan {
  const value = `"(?:${k.values.join('|')})"`;
  const keyed = `[".]${escapeRegex(k.key)}"\\s*:\\s*(?:${value}|\\[\\s*(?:${ELEMENT}\\s*,\\s*)*${value})`;
  // the key: `[".]key"` then the rest; an anchor at key[i] ends len(key) - i + 1 characters after its start
  const byKey = rarest(f, k.key, false);
  const keyAnchor = k.key.slice(byKey.at) + '"';
  let best: Plan = {
    search: new RegExp(escapeRegex(keyAnchor), 'g'),
    starts: [-(byKey.at + 1 + keyAnchor.length)],
    verify: new RegExp(keyed, 'y'),
  };
  if (k.plain && k.plain.length > 0 && k.plain.every((v) => v.length > 0)) {
    const anchors = k.plain.map((v) => rarest(f, v, k.caseInsensitive));
    const cost = anchors.reduce((a, x) => a + x.cost, 0);
    if (cost < byKey.cost) {
      const suffixes = k.plain.map((v, i) => escapeRegex(v.slice(anchors[i]!.at)) + '"');
      // a value `"v"` ends its occurrence: it starts len(v) + 2 before the anchor hit's end
      best = {
        search: new RegExp(suffixes.join('|'), k.caseInsensitive ? 'gi' : 'g'),
        starts: [...new Set(k.plain.map((v) => -(v.length + 2)))],
        verify: new RegExp(
          `(?<=[".]${escapeRegex(k.key)}"\\s*:\\s*(?:\\[\\s*(?:${ELEMENT}\\s*,\\s*)*)?)${value}`,
          'y',
        ),
      };
    }
  }
  return best;
}

/**
 * The search for one keyed group: `find` is a cursor over the whole text that remembers its last answer (asking
 * again within the same gap costs nothing); `inLine` looks at one line only, for groups that few lines reach. An
 * occurrence found from a value starts, for both, at the value's opening quote.
 */
export class AnchoredKeyedSearch {
  private p: Plan | null = null;
  private lastText: string | undefined;
  private lastFrom = 0;
  private lastStart = 0;
  private lastEnd = 0;
  /** End of the occurrence `next` returned (the cursor's cache keeps its own copy). */
  private foundEnd = Infinity;

  constructor(private readonly k: AnchoredKeyed) {}

  readonly find: Finder = (text, from) => {
    if (text === this.lastText && this.lastFrom <= from && from <= this.lastStart) return this.lastEnd;
    this.lastText = text;
    this.lastFrom = from;
    this.lastStart = this.next(text, from, Infinity);
    this.lastEnd = this.foundEnd;
    return this.lastEnd;
  };

  /** Whether an occurrence lies within `text[start, end)`. */
  readonly inLine = (text: string, start: number, end: number): boolean =>
    this.next(text, start, end) !== Infinity && this.foundEnd <= end;

  /** Start of the first occurrence at or after `from` that starts before `limit`; its end in `foundEnd`. */
  private next(text: string, from: number, limit: number): number {
    const { search, starts, verify } = (this.p ??= plan(this.k, frequencies(text)));
    search.lastIndex = from;
    // anchors end with the only quote they hold, so hits never overlap: each search goes on from the last hit
    while (search.test(text)) {
      const hitEnd = search.lastIndex;
      let found = Infinity;
      for (const d of starts) {
        const start = hitEnd + d;
        if (start < from || start >= found) continue;
        verify.lastIndex = start;
        if (verify.test(text)) {
          found = start;
          this.foundEnd = verify.lastIndex;
        }
      }
      if (found !== Infinity) return found < limit ? found : this.miss();
      if (hitEnd - 1 >= limit) break;
    }
    return this.miss();
  }

  private miss(): number {
    this.foundEnd = Infinity;
    return Infinity;
  }
}
