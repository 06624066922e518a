/**
 * A stage's requirement run over lines: finders that remember their last answer (a cursor per group over the
 * whole text), line-bounded tests, and the order of the groups, learnt from the lines.
 */
import { AnchoredKeyedSearch, escapeRegex } from './anchored-finder.js';
import { groupKey, type AnyOf, type Keyed, type Requirement } from './requirements.js';

/** End of the next occurrence starting at or after `from` in `text` (Infinity when none). */
export type Finder = (text: string, from: number) => number;
export type LineTest = (text: string, start: number, end: number) => boolean;

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

export function finderFor(finders: Map<string, Finder>, g: AnyOf): Finder {
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
export function compileRequirement(req: Requirement, finders: Map<string, Finder>): LineTest {
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
