/**
 * Keyed finders that search from a rare character.
 *
 * V8 scans a text for a regex at about 0.5 ns per character when its first character is common (a keyed search
 * starts with `"`, on nearly every tenth character of JSON) and at about 0.1-0.2 ns when it is rare: it skips to
 * candidates of the first character. So the search here starts at the rarest character of the key or of the
 * values (rarity learnt from the first text searched), and each candidate it finds is then checked in full where
 * it stands: the key form from the key's position, or the value with a look-behind for its key. Every keyed match
 * holds the anchor text, so none is missed; only the order of the work changes.
 *
 * The evaluator flattens a field's arrays (`[["curl"]]`) and reads the scalars of an array that also holds objects
 * (`[{"x":1},"curl"]`). Past a nested `[` or `{` in the key's array a regex cannot tell where that array ends, so
 * there the form asks no more than the key, that opening, and a value somewhere after it (a nested occurrence).
 *
 * One room, though over 350 lines: the plan (built once, from the first text's character frequencies) and the
 * search that runs it share the candidate tests (`keyStarts`, `afterColon`, `unsure`) and the Plan and Nesting
 * shapes, which apart would be exported only for each other.
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
  /** The characters a value's content may start with (both cases where case is ignored); absent: any. */
  leads?: string;
  caseInsensitive: boolean;
  /**
   * A value may also stand bare (a number in any spelling, `true`, `false`): the evaluator reads those as strings
   * (`4.688e3` as `4688`, `1e400` as `Infinity`), which some value may equal without the text holding it.
   */
  bare?: boolean;
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

/** An array element that is a scalar; strings hold no line break (JSON escapes them). */
const ELEMENT = `(?:"(?:[^"\\\\\\n]|\\\\.)*"|[^\\[\\]{}",\\s]+)`;
/** A bare JSON number or boolean (loosely: only ever a superset). */
const BARE = '(?:-?[0-9][-+.0-9eE]*|true|false)';

/** Finds the end of the next anchor hit at or after `from` (-1 when none). */
type AnchorSearch = (text: string, from: number) => number;

interface Plan {
  search: AnchorSearch;
  /** Where a candidate occurrence starts, from the end of an anchor hit; several for values of several lengths. */
  starts: number[];
  /**
   * A necessary condition of `verify` at a start, in plain character tests: most anchor hits (a key that every
   * event has, a value's tail inside a longer word) fail it, and calling a regex costs far more.
   */
  maybe: (text: string, start: number, hitEnd: number) => boolean;
  /** Sticky check of the whole occurrence at a start. */
  verify: RegExp;
  /** Candidates are values (else keys): a failed one may still stand in a nested array after its key. */
  byValue: boolean;
}

/** What a nested occurrence needs: the key's anchor search, and the key's form up to a nested opening. */
interface Nesting {
  /** Hits of the key's anchor; a key occurrence starts `start` before a hit's end. */
  search: AnchorSearch;
  start: number;
  /** The key's characters before the anchor. */
  head: string;
  /** Sticky: the key, then an array whose elements up to a `[` or `{` are scalars, that opening included. */
  opens: RegExp;
  /** Global: a value as the keyed form takes it. */
  value: RegExp;
  /** Sticky: the same at a candidate's start. */
  valueAt: RegExp;
}

/**
 * A single case-sensitive anchor is searched with `indexOf`, which V8 runs as a plain string search without the
 * regex call's overhead; alternatives or case folding need the regex.
 */
function anchorSearch(anchors: string[], ci: boolean): AnchorSearch {
  if (anchors.length === 1 && !(ci && /[a-z]/i.test(anchors[0]!))) {
    const a = anchors[0]!;
    return (text, from) => {
      const i = text.indexOf(a, from);
      return i < 0 ? -1 : i + a.length;
    };
  }
  const re = new RegExp(anchors.map(escapeRegex).join('|'), ci ? 'gi' : 'g');
  return (text, from) => {
    re.lastIndex = from;
    return re.test(text) ? re.lastIndex : -1;
  };
}

const QUOTE = 34;
const DOT = 46;
const COLON = 58;
const BRACKET = 91;

/** JSON's whitespace; a regex `\s` also takes others, all of them outside ASCII or in 11-12. */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Whether `\s` could match `c` where JSON whitespace does not: then only the regex can tell. */
function unsure(c: number): boolean {
  return c >= 128 || c === 11 || c === 12;
}

/** A table of the characters a value's content may start with, or null when it may start with any. */
function leadTable(leads: string | undefined): Uint8Array | null {
  if (leads === undefined) return null;
  const t = new Uint8Array(128);
  for (const ch of leads) t[ch.charCodeAt(0) & 127] = 1;
  return t;
}

/** Whether a key occurrence may start at `start`: `"` or `.`, then the key's characters before the anchor. */
function keyStarts(text: string, start: number, head: string): boolean {
  const lead = text.charCodeAt(start);
  if (lead !== QUOTE && lead !== DOT) return false;
  return !head || text.startsWith(head, start + 1);
}

/** The first character after the `:` that follows a key ending at `i`; -1 when no `:` may follow. */
function afterColon(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (isSpace(c)) c = text.charCodeAt(++i);
  if (c !== COLON) return unsure(c) ? i : -1;
  c = text.charCodeAt(++i);
  while (isSpace(c)) c = text.charCodeAt(++i);
  return i;
}

/**
 * From the end of a key-anchor hit: the key's head before the anchor, then `"`/`.` before it, `:` after it and
 * a value that opens an array or a string whose first character some value may start with (or, for bare values,
 * anything else).
 */
function keyMaybe(head: string, leads: Uint8Array | null, bare: boolean): Plan['maybe'] {
  return (text, start, hitEnd) => {
    if (!keyStarts(text, start, head)) return false;
    const i = afterColon(text, hitEnd);
    if (i < 0) return false;
    const c = text.charCodeAt(i);
    if (c === BRACKET) return true;
    if (c !== QUOTE) return bare || unsure(c);
    if (leads === null) return true;
    const first = text.charCodeAt(i + 1);
    return first >= 128 || leads[first] === 1;
  };
}

/** A value occurrence starts with its opening quote. */
const valueMaybe: Plan['maybe'] = (text, start) => text.charCodeAt(start) === QUOTE;

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
 * (`{"a":{"c":v}}`, `{"a.c":v}`), then the value: a JSON string (or a bare scalar), or an array of scalars holding
 * one. The nested form is checked apart (see `Nesting`).
 */
function plan(k: AnchoredKeyed, f: Float64Array): { plan: Plan; nesting: Nesting } {
  const str = `"(?:${k.values.join('|')})"`;
  const value = k.bare ? `(?:${str}|${BARE})` : str;
  const keyPart = `[".]${escapeRegex(k.key)}"\\s*:\\s*`;
  const keyed = `${keyPart}(?:${value}|\\[\\s*(?:${ELEMENT}\\s*,\\s*)*${value})`;
  // the key: `[".]key"` then the rest; an anchor at key[i] ends len(key) - i + 1 characters after its start
  const byKey = rarest(f, k.key, false);
  const keyAnchor = k.key.slice(byKey.at) + '"';
  const keySearch = anchorSearch([keyAnchor], false);
  const keyStart = -(byKey.at + 1 + keyAnchor.length);
  const head = k.key.slice(0, byKey.at);
  const nesting: Nesting = {
    search: keySearch,
    start: keyStart,
    head,
    opens: new RegExp(`${keyPart}\\[\\s*(?:${ELEMENT}\\s*,\\s*)*[\\[{]`, 'y'),
    value: new RegExp(value, 'g'),
    valueAt: new RegExp(value, 'y'),
  };
  let best: Plan = {
    search: keySearch,
    starts: [keyStart],
    maybe: keyMaybe(head, leadTable(k.leads), k.bare === true),
    verify: new RegExp(keyed, 'y'),
    byValue: false,
  };
  if (!k.bare && k.plain && k.plain.length > 0 && k.plain.every((v) => v.length > 0)) {
    const anchors = k.plain.map((v) => rarest(f, v, k.caseInsensitive));
    const cost = anchors.reduce((a, x) => a + x.cost, 0);
    if (cost < byKey.cost) {
      const suffixes = [...new Set(k.plain.map((v, i) => v.slice(anchors[i]!.at) + '"'))];
      // a value `"v"` ends its occurrence: it starts len(v) + 2 before the anchor hit's end
      best = {
        search: anchorSearch(suffixes, k.caseInsensitive),
        starts: [...new Set(k.plain.map((v) => -(v.length + 2)))],
        maybe: valueMaybe,
        verify: new RegExp(`(?<=${keyPart}(?:\\[\\s*(?:${ELEMENT}\\s*,\\s*)*)?)${value}`, 'y'),
        byValue: true,
      };
    }
  }
  return { plan: best, nesting };
}

/**
 * The search for one keyed group: `find` is a cursor over the whole text that remembers its last answer (asking
 * again within the same gap costs nothing); `inLine` looks at one line only, for groups that few lines reach. An
 * occurrence found from a value starts, for both, at the value's opening quote; a nested one at its key.
 */
export class AnchoredKeyedSearch {
  private p: Plan | null = null;
  private nesting: Nesting | null = null;
  private lastText: string | undefined;
  private lastFrom = 0;
  private lastStart = 0;
  private lastEnd = 0;
  /** End of the occurrence `next` returned (the cursor's cache keeps its own copy). */
  private foundEnd = Infinity;
  /** The first nested key at or after `opensFrom` (start and end of its opening), for value candidates. */
  private opensText: string | undefined;
  private opensFrom = 0;
  private opensStart = 0;
  private opensEnd = 0;
  /** The first value at or after `laterFrom` (its start and end), after nested keys. */
  private laterText: string | undefined;
  private laterFrom = 0;
  private laterStart = 0;
  private laterEnd = 0;

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
    if (this.p === null) ({ plan: this.p, nesting: this.nesting } = plan(this.k, frequencies(text)));
    const { search, starts, maybe, verify, byValue } = this.p;
    // anchors end with the only quote they hold, so hits never overlap: each search goes on from the last hit
    for (let hitEnd = search(text, from); hitEnd >= 0; hitEnd = search(text, hitEnd)) {
      let found = Infinity;
      for (const d of starts) {
        const start = hitEnd + d;
        if (start < from || start >= found || !maybe(text, start, hitEnd)) continue;
        verify.lastIndex = start;
        if (verify.test(text)) {
          found = start;
          this.foundEnd = verify.lastIndex;
        } else if (byValue) {
          // the value may stand in a nested array after a key that opens one earlier: then that key starts it
          const key = this.nestedBefore(text, from, start);
          if (key < found) found = key;
        } else {
          this.nesting!.opens.lastIndex = start;
          if (
            this.nesting!.opens.test(text) &&
            this.valueAfter(text, this.nesting!.opens.lastIndex) !== Infinity
          ) {
            found = start;
            this.foundEnd = this.laterEnd;
          }
        }
      }
      if (found !== Infinity) return found < limit ? found : this.miss();
      if (hitEnd - 1 >= limit) break;
    }
    return this.miss();
  }

  /**
   * For a value candidate at `at` that has no key right before it: the start of the first nested key at or after
   * `from` that opens before it, when the candidate is the first value after that opening (earlier candidates,
   * tested first, would have been); its end in `foundEnd`. Else Infinity.
   */
  private nestedBefore(text: string, from: number, at: number): number {
    const n = this.nesting!;
    n.valueAt.lastIndex = at;
    if (!n.valueAt.test(text)) return Infinity;
    const valueEnd = n.valueAt.lastIndex;
    if (!(text === this.opensText && this.opensFrom <= from && from <= this.opensStart)) {
      this.opensText = text;
      this.opensFrom = from;
      this.opensStart = Infinity;
      for (let hitEnd = n.search(text, from); hitEnd >= 0; hitEnd = n.search(text, hitEnd)) {
        const start = hitEnd + n.start;
        if (start < from || !keyStarts(text, start, n.head)) continue;
        const i = afterColon(text, hitEnd);
        if (i < 0 || (text.charCodeAt(i) !== BRACKET && !unsure(text.charCodeAt(i)))) continue;
        n.opens.lastIndex = start;
        if (n.opens.test(text)) {
          this.opensStart = start;
          this.opensEnd = n.opens.lastIndex;
          break;
        }
      }
    }
    if (this.opensStart >= at || this.opensEnd > at) return Infinity;
    this.foundEnd = valueEnd;
    return this.opensStart;
  }

  /** End of the first value at or after `from` (Infinity when none), its start in `laterStart`. */
  private valueAfter(text: string, from: number): number {
    if (text === this.laterText && this.laterFrom <= from && from <= this.laterStart) return this.laterEnd;
    const re = this.nesting!.value;
    re.lastIndex = from;
    const m = re.exec(text);
    this.laterText = text;
    this.laterFrom = from;
    this.laterStart = m ? m.index : Infinity;
    this.laterEnd = m ? m.index + m[0].length : Infinity;
    return this.laterEnd;
  }

  private miss(): number {
    this.foundEnd = Infinity;
    return Infinity;
  }
}
