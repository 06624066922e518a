/**
 * Whether a record of an event file can be an event: a JSON object. A record that cannot (text that is not JSON, an
 * array, a scalar, a damaged object) is counted and, with `strict`, an error; which records are called so must not
 * depend on the query, though the text prefilter skips most lines unparsed. So every record is checked at least by
 * its ends (`objectEnvelope`), which costs a few character reads; a record the prefilter keeps is parsed, and so
 * is every record under `strict`.
 */
import { UserError } from '../../errors.js';
import { locateJsonError } from '../../json-position.js';
import { tooDeepRecordText } from './event-depth.js';

const isJsonSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * Whether `text[start, end)` has the ends of one JSON object: blanks, then `{` followed by `"` (its first key) or
 * by `}`, and at the other end `}` after the last character a value can end with (`"`, a digit, the `e` of
 * true/false, the `l` of null, `}`, `]`). Every JSON object has them, so it never calls an object invalid; it tells
 * text, arrays, scalars and most damaged or cut-off records. A damage inside the envelope only parsing finds.
 */
export function objectEnvelope(text: string, start: number, end: number): boolean {
  let i = start;
  let j = end - 1;
  while (i <= j && isJsonSpace(text.charCodeAt(i))) i++;
  while (j > i && isJsonSpace(text.charCodeAt(j))) j--;
  if (j <= i || text.charCodeAt(i) !== 0x7b || text.charCodeAt(j) !== 0x7d) return false;
  i++;
  j--;
  while (i <= j && isJsonSpace(text.charCodeAt(i))) i++;
  if (i > j) return true; // {}
  if (text.charCodeAt(i) !== 0x22) return false;
  while (j > i && isJsonSpace(text.charCodeAt(j))) j--;
  const c = text.charCodeAt(j);
  return c === 0x22 || (c >= 0x30 && c <= 0x39) || c === 0x65 || c === 0x6c || c === 0x7d || c === 0x5d;
}

/** Why a record cannot be an event: its error code, where (`file:line[:column]`) and what. */
export interface RecordProblem {
  code: string;
  where: string;
  message: string;
}

/** Invalid records named in the warning: the first few by file order then line. */
const SHOWN = 5;

interface Position {
  fileNo: number;
  line: number;
  where: string;
}

/** What a read counts (its EventFileStats). */
export interface VerdictStats {
  invalid: number;
  /** Where the first few invalid records are (`file:line`, with `:column` for a syntax error), in file order. */
  firstInvalid?: string[];
}

/** The parse of one read's records: one per stats object, shared by its files. */
export class RecordVerdicts {
  private readonly shown: Position[] = [];

  constructor(
    private readonly stats: VerdictStats,
    private readonly strict: boolean,
  ) {}

  /** The record's object, or null when it is not one: counted, or with `strict` thrown. */
  parse(text: string, file: string, fileNo: number, line: number): Record<string, unknown> | null {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      // too deep is told first: Elasticsearch's parser refuses the level too many as it reaches it, and the
      // locator below walks the text recursively
      const tooDeep = tooDeepRecordText(text, file, line);
      if (tooDeep) return this.invalid(fileNo, line, () => tooDeep);
      return this.invalid(fileNo, line, () => {
        const { where, caret, reason } = locateJsonError(file, text, e, line);
        return { code: 'EVENT_INVALID_JSON', where, message: `invalid JSON event: ${reason}${caret}` };
      });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return this.invalid(fileNo, line, () => ({
        code: 'EVENT_NOT_OBJECT',
        where: `${file}:${line}`,
        message: 'an event must be a JSON object',
      }));
    return value as Record<string, unknown>;
  }

  /** Counts (or with `strict` throws) a record found not to be an event after it parsed. */
  invalid(fileNo: number, line: number, describe: () => RecordProblem): null {
    this.stats.invalid++;
    if (this.strict) {
      const d = describe();
      throw new UserError(d.code, `${d.where}: ${d.message}`);
    }
    // files are read interleaved, in an order that depends on the query: the shown ones are kept in file order
    const s = this.shown;
    const last = s[s.length - 1];
    if (s.length < SHOWN || fileNo < last!.fileNo || (fileNo === last!.fileNo && line < last!.line)) {
      let at = s.length;
      while (
        at > 0 &&
        (s[at - 1]!.fileNo > fileNo || (s[at - 1]!.fileNo === fileNo && s[at - 1]!.line > line))
      )
        at--;
      s.splice(at, 0, { fileNo, line, where: describe().where });
      if (s.length > SHOWN) s.pop();
      this.stats.firstInvalid = s.map((p) => p.where);
    }
    return null;
  }
}

const verdicts = new WeakMap<VerdictStats, RecordVerdicts>();

/** The verdicts of the read that counts into `stats`. */
export function recordVerdicts(stats: VerdictStats, strict: boolean): RecordVerdicts {
  let v = verdicts.get(stats);
  if (!v) verdicts.set(stats, (v = new RecordVerdicts(stats, strict)));
  return v;
}
