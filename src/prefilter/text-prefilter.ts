/**
 * A text prefilter for raw event lines: from a query, the literals an event's JSON text must contain for the
 * event to be able to match any stage. A line that cannot match is skipped before JSON.parse, which is most of
 * the cost of reading event files.
 *
 * Sound by construction: a requirement is derived only where the matching value must appear verbatim in the
 * JSON text — an `==`, `:`, `like` or `in` between a string-typed (or unmapped) field and plain ASCII string
 * literals without JSON-escapable characters — and only from positive `and`/`or` structure (never under `not`).
 * Lines holding `\u` escapes bypass the filter, since an escape could spell any literal. A number's text need not
 * hold the string the evaluator reads it as (`4.688e3` is "4688", `1e400` "Infinity"): literals such a string could
 * hold require no substring, and their field's value may stand bare after its key.
 *
 * The test runs on a line inside a larger text (a chunk of the file), so rejected lines are never sliced out.
 * Each literal keeps a cursor: the position of its next occurrence in the current text. Lines are tested in
 * increasing order, so every literal scans a chunk at most once, however many lines ask about it.
 */
import type { EventQuery, Expr, Field, Literal, Query } from '../eql/syntax/ast.js';
import { assertNever } from '../eql/syntax/ast.js';
import { isStringType, type Schema } from '../mapping/schema.js';
import { AnchoredKeyedSearch, escapeRegex, type AnchoredKeyed } from './anchored-finder.js';

/**
 * One of these literals must occur; `caseInsensitive` compares ASCII letters without case. When `keyed` is set,
 * the stronger form holds too: one of the values stands as a JSON string right after the field's key. A group
 * without `literals` has only the keyed form (its literals need not stand in the text as written).
 */
interface AnyOf {
  literals?: string[];
  caseInsensitive: boolean;
  keyed?: Keyed;
}

/** A field's last key and the regex sources of the JSON string contents its value may have (case is the group's). */
type Keyed = Omit<AnchoredKeyed, 'caseInsensitive'>;

/** All groups must hold (AND of ORs). An empty list means no requirement. */
type Requirement = AnyOf[];

export interface PrefilterOptions {
  schema?: Schema;
  eventCategoryField?: string;
}

/** Whether the line `text[start, end)` may match; `start`..`end` must increase from call to call on one text. */
export type TextPrefilter = (text: string, start: number, end: number) => boolean;

/** Returns a line test, or null when the query gives no usable requirement (every line must be parsed). */
export function buildTextPrefilter(query: Query, opts: PrefilterOptions = {}): TextPrefilter | null {
  const finders = new Map<string, Finder>();
  const tests: LineTest[] = [];
  for (const q of eventQueriesOf(query)) {
    const req = usefulGroups(requirementOfEventQuery(q, opts));
    if (req.length === 0) return null; // some stage accepts lines without any known literal
    tests.push(compileRequirement(req, finders));
  }
  if (tests.length === 0) return null;
  const escape = finderFor(finders, { literals: ['\\u'], caseInsensitive: false });
  return (text, start, end) => {
    if (escape(text, start) <= end) return true;
    for (const t of tests) if (t(text, start, end)) return true;
    return false;
  };
}

/** End of the next occurrence starting at or after `from` in `text` (Infinity when none). */
type Finder = (text: string, from: number) => number;
type LineTest = (text: string, start: number, end: number) => boolean;

/**
 * A finder that remembers its last answer: asking again within the same gap costs nothing. `RegExp#test`
 * rather than `exec`, so no match object is allocated; an occurrence is known by its end, and one that ends
 * at or before a line's end lies inside the line (literals hold no newline).
 */
function cached(re: RegExp, longest: number): Finder {
  let lastText: string | undefined;
  let lastFrom = 0;
  let lastEnd = 0;
  return (text, from) => {
    // the cached occurrence starts at or after lastEnd - longest; it is the next one for any from up to that
    if (text === lastText && lastFrom <= from && from <= lastEnd - longest) return lastEnd;
    lastText = text;
    lastFrom = from;
    re.lastIndex = from;
    lastEnd = re.test(text) ? re.lastIndex : Infinity;
    return lastEnd;
  };
}

function alternation(g: AnyOf): string {
  return g.literals!.map(escapeRegex).join('|');
}

/**
 * A test confined to one line (a keyed group's own, or a sticky regex that cannot cross a newline). It costs a scan
 * of the line, where a cursor may scan on into lines that earlier groups already rejected: cheaper when few lines
 * get this far.
 */
function boundedFor(g: AnyOf): (text: string, start: number, end: number) => boolean {
  if (g.keyed) return keyedSearch(g).inLine;
  const re = new RegExp(`[^\\n]*?(?:${alternation(g)})`, g.caseInsensitive ? 'iy' : 'y');
  return (text, start) => {
    re.lastIndex = start;
    return re.test(text);
  };
}

function groupKey(g: AnyOf): string {
  if (g.keyed)
    return `k${g.keyed.bare ? 'b' : ''}:${g.keyed.key}:${[...g.keyed.values].sort().join('\u0000')}`;
  return `${g.caseInsensitive ? 'i' : 's'}:${[...g.literals!].sort().join('\u0000')}`;
}

const keyedSearches = new WeakMap<Keyed, AnchoredKeyedSearch>();

/** One search per keyed group, shared by its cursor and its line-bounded test. */
function keyedSearch(g: AnyOf): AnchoredKeyedSearch {
  let s = keyedSearches.get(g.keyed!);
  if (!s)
    keyedSearches.set(
      g.keyed!,
      (s = new AnchoredKeyedSearch({ ...g.keyed!, caseInsensitive: g.caseInsensitive })),
    );
  return s;
}

function finderFor(finders: Map<string, Finder>, g: AnyOf): Finder {
  const key = groupKey(g);
  let f = finders.get(key);
  if (f) return f;
  if (g.keyed) {
    f = keyedSearch(g).find;
    finders.set(key, f);
    return f;
  }
  // A regex even for one plain literal: V8's regex search is about twice as fast as String#indexOf here.
  // Elasticsearch folds ASCII letters only; a non-unicode /i regex folds those and some more, which can only keep a
  // line the engine then rejects, never drop a match.
  const re = new RegExp(alternation(g), g.caseInsensitive ? 'gi' : 'g');
  f = cached(re, Math.max(...g.literals!.map((l) => l.length)));
  finders.set(key, f);
  return f;
}

function eventQueriesOf(query: Query): EventQuery[] {
  switch (query.type) {
    case 'event':
      return [query];
    case 'sequence':
      return [...query.stages.map((s) => s.query), ...(query.until ? [query.until.query] : [])];
    case 'sample':
      return query.stages.map((s) => s.query);
    default:
      return assertNever(query, 'query');
  }
}

function requirementOfEventQuery(q: EventQuery, opts: PrefilterOptions): Requirement {
  const req = requirementOf(q.condition, opts);
  const categoryField = opts.eventCategoryField ?? 'event.category';
  if (q.category !== null && stringField(categoryField, opts))
    req.push(group([q.category], [q.category], false, false, categoryField, false, opts));
  return req;
}

/** The characters of a number the evaluator reads as a string: `-12`, `1e+21`, `1.5E-7` (`Infinity` aside). */
const NUMBER_TEXT = /^[-+.0-9eE]*$/;
/** The other strings bare JSON scalars read as; JSON writes the booleans as they read, numbers not. */
const BARE_WORDS = ['true', 'false', 'Infinity', '-Infinity'];

/** Whether a bare number's or boolean's string form may equal `p`, or match it as a wildcard pattern. */
function mayBeBare(p: string, wildcards: boolean, ci: boolean): boolean {
  if (NUMBER_TEXT.test(wildcards ? p.replace(/[*?]/g, '') : p)) return true;
  return BARE_WORDS.some((w) => globMatches(wildcards ? p : p.replace(/[*?]/g, '\u0000'), w, ci));
}

/**
 * Whether the short word `w` matches the pattern `p` (`*` any run, `?` one character; ASCII letters without case
 * when `ci`): the positions of `w` reachable after each character of `p`, so that no pattern, however long or full
 * of `*`, costs more than its length times the word's.
 */
function globMatches(p: string, w: string, ci: boolean): boolean {
  let reach = new Array<boolean>(w.length + 1).fill(false);
  reach[0] = true;
  for (const ch of p) {
    const next = new Array<boolean>(w.length + 1).fill(false);
    let any = false;
    for (let j = 0; j <= w.length; j++) {
      if (ch === '*') any ||= reach[j]!;
      next[j] = ch === '*' ? any : j > 0 && reach[j - 1]! && (ch === '?' || sameLetter(ch, w[j - 1]!, ci));
    }
    reach = next;
    if (!reach.includes(true)) return false;
  }
  return reach[w.length]!;
}

function sameLetter(a: string, b: string, ci: boolean): boolean {
  return a === b || (ci && /^[a-z]$/i.test(a) && a.toLowerCase() === b.toLowerCase());
}

/**
 * Whether `l` stands in the line as written whenever a value the evaluator reads holds it: a safe literal that no
 * number's string form could hold (the booleans' text is their string form).
 */
function verbatim(l: string, ci: boolean): boolean {
  if (!safeLiteral(l) || NUMBER_TEXT.test(l)) return false;
  return !(ci ? '-infinity'.includes(l.toLowerCase()) : '-Infinity'.includes(l));
}

/**
 * The group for a field compared with `patterns` (wildcard patterns when `wildcards`), whose values must contain
 * one of `fragments`: the substring form when they stand in the text as written, the keyed form when it holds.
 */
function group(
  fragments: Array<string | null>,
  patterns: string[],
  wildcards: boolean,
  ci: boolean,
  fieldName: string,
  indexed: boolean,
  opts: PrefilterOptions,
): AnyOf {
  const literals = fragments.every((f): f is string => f !== null && verbatim(f, ci))
    ? (fragments as string[])
    : undefined;
  const g: AnyOf = { caseInsensitive: ci, ...(literals ? { literals } : {}) };
  return indexed ? g : keyedGroup(g, fieldName, patterns, wildcards, opts);
}

/**
 * Adds the keyed form to a group when it is sound: a plain field (no array index) whose last key holds no
 * character JSON escapes, and values (exact strings or wildcard patterns) that JSON writes verbatim; where a bare
 * number or boolean could match, the value may also stand bare.
 */
function keyedGroup(
  g: AnyOf,
  fieldName: string,
  patterns: string[],
  wildcards: boolean,
  opts: PrefilterOptions,
): AnyOf {
  const target = opts.schema?.aliasTarget(fieldName) ?? fieldName;
  // A multi-field (`name.keyword`) has two keys: Elasticsearch indexes the parent's value (`"name":v`), the offline
  // evaluator reads the sub-field's own path (`"name":{"keyword":v}`, `"name.keyword":v`). One key cannot hold both.
  const parent = opts.schema?.resolve(target.slice(0, Math.max(0, target.lastIndexOf('.'))));
  if (parent && parent.type !== 'object' && parent.type !== 'nested') return g;
  const key = target.slice(target.lastIndexOf('.') + 1);
  if (!key || !safeLiteral(key)) return g;
  const values: string[] = [];
  for (const p of patterns) {
    if (!safeLiteral(p)) return g;
    values.push(valueRegex(p, wildcards, g.caseInsensitive));
  }
  const bare = patterns.some((p) => mayBeBare(p, wildcards, g.caseInsensitive));
  // a bare value has neither a quote to anchor on nor a known first character
  const plain = !bare && (!wildcards || patterns.every((p) => !/[*?]/.test(p)));
  const leads = bare ? undefined : leadsOf(patterns, wildcards, g.caseInsensitive);
  return {
    ...g,
    keyed: {
      key,
      values,
      ...(plain ? { plain: [...patterns] } : {}),
      ...(leads ? { leads } : {}),
      ...(bare ? { bare } : {}),
    },
  };
}

function leadsOf(patterns: string[], wildcards: boolean, ci: boolean): string | undefined {
  let leads = '';
  for (const p of patterns) {
    const ch = p[0]!;
    if (wildcards && (ch === '*' || ch === '?')) return undefined;
    leads += ci ? ch.toLowerCase() + ch.toUpperCase() : ch;
  }
  return leads;
}

/**
 * One character of a JSON string's content, as the evaluator's `?` takes it (a code point), in text decoded as
 * UTF-8 or as latin1 (json-records.ts decodes NDJSON so): any other character or an escape, a surrogate pair, or
 * a byte of 0x80-0xff with up to three continuation bytes (one UTF-8 character, or one the decoder replaces, read
 * as latin1; UTF-8 text holds such characters one by one). Never a line break, which JSON escapes in strings: a
 * search for a value then never runs from a string's closing quote on into the next line of an NDJSON text. At
 * most four ways to read each `?`, so that a run of them cannot make the regex backtrack without bound.
 */
const ONE_CHAR =
  '(?:[^"\\\\\\n\\x80-\\xff\\ud800-\\udfff]|\\\\.|[\\x80-\\xff][\\x80-\\xbf]{0,3}|[\\ud800-\\udfff]{1,2})';
/** Any run of (possibly escaped) characters of a JSON string. */
const ANY_RUN = '(?:[^"\\\\\\n]|\\\\.)*';

function literalSource(s: string, ci: boolean): string {
  let out = '';
  for (const ch of s)
    out += ci && /[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : escapeRegex(ch);
  return out;
}

function fragmentSource(s: string, ci: boolean): string {
  return s
    .split('?')
    .map((part) => literalSource(part, ci))
    .join(ONE_CHAR);
}

/**
 * A JSON string's content matching `p`: `*` any run of characters, `?` one; ASCII case. A pattern with several
 * `*` is loosened to its head, its tail and one plain run of the parts between (the longest), found at its first
 * occurrence: `a*b*c*d` as `a`, any run up to the first `c`, any run, `d` (every value of the pattern has that form).
 * Each `*` that took any run in turn would make a failing test cost the value's length to the power of their number.
 */
function valueRegex(p: string, wildcards: boolean, ci: boolean): string {
  if (!wildcards || !p.includes('*')) return wildcards ? fragmentSource(p, ci) : literalSource(p, ci);
  const parts = p.split('*');
  const head = fragmentSource(parts[0]!, ci);
  const tail = fragmentSource(parts[parts.length - 1]!, ci);
  let middle = '';
  for (const part of parts.slice(1, -1))
    for (const run of part.split('?')) if (run.length > middle.length) middle = run;
  if (middle === '') return `${head}${ANY_RUN}${tail}`;
  // the first occurrence will do: any later one ends later, and the run before the tail takes what lies between
  const m = literalSource(middle, ci);
  return `${head}(?:(?!${m})(?:[^"\\\\\\n]|\\\\.))*${m}${ANY_RUN}${tail}`;
}

function requirementOf(e: Expr, opts: PrefilterOptions): Requirement {
  switch (e.type) {
    case 'logical': {
      const l = requirementOf(e.left, opts);
      const r = requirementOf(e.right, opts);
      if (e.op === 'and') return [...l, ...r];
      // (A1 and A2) or (B1 and B2) implies (A1 or B1): keep one group of each side, merged.
      const a = mostSelective(l);
      const b = mostSelective(r);
      if (!a || !b) return [];
      // the merged group keeps only the substring form: the two sides may name different keys
      return [
        {
          literals: [...a.literals!, ...b.literals!],
          caseInsensitive: a.caseInsensitive || b.caseInsensitive,
        },
      ];
    }
    case 'comparison': {
      if (e.op !== '==') return [];
      const pair = fieldAndLiteral(e.left, e.right) ?? fieldAndLiteral(e.right, e.left);
      if (!pair || !stringField(pair.field.name, opts)) return [];
      const lit = pair.literal.value;
      if (typeof lit !== 'string') return [];
      return [group([lit], [lit], false, false, pair.field.name, pair.field.indexes.length > 0, opts)];
    }
    case 'pattern': {
      if (e.op === 'regex' || e.left.type !== 'field' || !stringField(e.left.name, opts)) return [];
      const ci = e.op === ':' || e.caseInsensitive;
      const patterns: string[] = [];
      for (const p of e.patterns) {
        if (p.type !== 'literal' || typeof p.value !== 'string') return [];
        patterns.push(p.value);
      }
      const fragments = patterns.map((p) => longestFragment(p, ci));
      return [group(fragments, patterns, true, ci, e.left.name, e.left.indexes.length > 0, opts)];
    }
    case 'in': {
      if (e.negated || e.left.type !== 'field' || !stringField(e.left.name, opts)) return [];
      const values: string[] = [];
      for (const v of e.values) {
        if (v.type !== 'literal' || typeof v.value !== 'string') return [];
        values.push(v.value);
      }
      const ci = e.caseInsensitive;
      return [group(values, values, false, ci, e.left.name, e.left.indexes.length > 0, opts)];
    }
    case 'literal':
    case 'field':
    case 'not':
    case 'arithmetic':
    case 'negate':
    case 'call':
      return [];
    default:
      return assertNever(e, 'expression');
  }
}

function fieldAndLiteral(a: Expr, b: Expr): { field: Field; literal: Literal } | null {
  return a.type === 'field' && b.type === 'literal' ? { field: a, literal: b } : null;
}

/** Unmapped fields are read as they stand in JSON; mapped ones only when string-typed (no date/ip rewriting). */
function stringField(name: string, opts: PrefilterOptions): boolean {
  if (!opts.schema) return true;
  const info = opts.schema.resolve(name);
  if (!info) return !opts.schema.has(name);
  // a constant_keyword's value holds for documents that do not mention it
  return isStringType(info.type) && info.nullValue === undefined && info.constantValue === undefined;
}

/** Printable ASCII that JSON never needs to escape (no quote, backslash or slash). */
function safeLiteral(s: string): boolean {
  return s.length > 0 && /^[\x20-\x7e]+$/.test(s) && !/["\\/]/.test(s);
}

/** The longest run between `*`/`?` wildcards that stands in the text as written (every run is in the value). */
function longestFragment(pattern: string, ci: boolean): string | null {
  let best: string | null = null;
  for (const part of pattern.split(/[*?]/))
    if (part.length > (best?.length ?? 0) && verbatim(part, ci)) best = part;
  return best;
}

/** The group with the longest literals, among those with a substring form (null when none has one). */
function mostSelective(req: Requirement): AnyOf | null {
  let best: AnyOf | null = null;
  const score = (g: AnyOf) => Math.min(...g.literals!.map((l) => l.length)) - g.literals!.length;
  for (const g of req) if (g.literals && (!best || score(g) > score(best))) best = g;
  return best;
}

/**
 * Groups with a literal of one or two characters (`sh`) match nearly every line and cost a search each time:
 * they are left out. Dropping a group only lets more lines through, so the filter stays sound.
 */
const MIN_LITERAL = 3;

function usefulGroups(req: Requirement): Requirement {
  return dedupe(req.filter((g) => g.keyed || g.literals?.every((l) => l.length >= MIN_LITERAL)));
}

/**
 * Relative cost of searching a text for a group, measured on V8: a case-insensitive alternation scans about
 * three times slower than one case-sensitive literal, and grows with its alternatives.
 */
function searchCost(g: AnyOf): number {
  // a keyed search is driven by its key; each value alternative at each key costs a little, more without case
  if (g.keyed) return 0.6 + 0.25 * g.keyed.values.length * (g.caseInsensitive ? 1.5 : 1);
  const n = g.literals!.length;
  return g.caseInsensitive ? 1 + 0.5 * n : 0.5 + 0.2 * (n - 1);
}

/** Lines a stage looks at before it settles the order of its groups. */
const WARMUP_LINES = 512;
/** Lines tested with the settled order before the stage learns again (files drift: a burst of one kind first). */
const RELEARN_LINES = 1 << 16;
/** Below this share of lines reaching a group, a line-bounded search beats a cursor's pass over everything. */
const BOUNDED_BELOW = 0.5;

/**
 * Tests a stage's groups in the order that rejects lines cheapest, from pass rates learnt on a window of lines,
 * and learnt again every RELEARN_LINES. Every group is tested, the ones that reject least last, where few lines
 * reach them and a line-bounded search of just those lines costs little (a group dropped because the first lines
 * all passed it let every `"type":["end"]` event of a file that starts with `start` ones through to JSON.parse).
 * None of this rejects a line that passes every group.
 */
function compileRequirement(req: Requirement, finders: Map<string, Finder>): LineTest {
  const cursors = req.map((g) => finderFor(finders, g));
  const bounded = new Map<number, LineTest>();
  const boundedTest = (i: number) => {
    let b = bounded.get(i);
    if (!b) bounded.set(i, (b = boundedFor(req[i]!)));
    return b;
  };
  const passes = new Array<number>(req.length).fill(0);
  let seen = 0;
  const learn: LineTest = (text, start, end) => {
    let ok = true;
    for (let i = 0; i < cursors.length; i++) {
      if (cursors[i]!(text, start) <= end) passes[i]!++;
      else ok = false;
    }
    if (++seen === WARMUP_LINES) current = settle();
    return ok;
  };
  let current = learn;
  const settle = (): LineTest => {
    // the classic order for filters: by cost over the share of lines each rejects
    const rank = (i: number) => searchCost(req[i]!) / Math.max(1e-6, 1 - passes[i]! / seen);
    const order = req.map((_, i) => i).sort((a, b) => rank(a) - rank(b));
    let reach = 1;
    const steps = order.map((i) => {
      const step = { cursor: cursors[i]!, bounded: reach < BOUNDED_BELOW ? boundedTest(i) : null };
      reach *= passes[i]! / seen;
      return step;
    });
    let left = RELEARN_LINES;
    return (text, start, end) => {
      if (--left === 0) {
        passes.fill(0);
        seen = 0;
        current = learn;
      }
      // a whole text (a JSON-array element) may span lines: only cursors are exact there
      const inLine = end < text.length || start > 0;
      for (const st of steps) {
        if (inLine && st.bounded) {
          if (!st.bounded(text, start, end)) return false;
        } else if (st.cursor(text, start) > end) return false;
      }
      return true;
    };
  };
  return (text, start, end) => current(text, start, end);
}

function dedupe(req: Requirement): Requirement {
  const seen = new Set<string>();
  return req.filter((g) => {
    const key = groupKey(g);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
