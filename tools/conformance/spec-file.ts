import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';

/** One named case of an EQL spec file (Elasticsearch's QA format). */
export interface SpecCase {
  name: string;
  query: string;
  /** A flat id list, or several acceptable flat lists (nondeterministic samples). */
  expected: number[][];
  /** Flattened join keys as strings; undefined when the case does not check them. */
  joinKeys?: string[];
  size?: number;
  maxSamplesPerKey?: number;
  allowPartialSearchResults?: boolean;
  allowPartialSequenceResults?: boolean;
  expectShardFailures?: boolean;
}

/**
 * Replaces bare `null` array items (which Elasticsearch's Java TOML reader accepts and TOML forbids) with the
 * string "null", which is how join keys are compared anyway. Strings and comments are left alone.
 */
export function quoteBareNulls(text: string): string {
  return text.replace(
    /('''[\s\S]*?'''|"""[\s\S]*?"""|'[^'\n]*'|"(?:[^"\\\n]|\\.)*"|#[^\n]*)|\bnull\b/g,
    (_m, kept) => (kept !== undefined ? kept : '"null"'),
  );
}

export function parseSpecText(text: string, origin: string): SpecCase[] {
  const doc = parseToml(quoteBareNulls(text)) as { queries?: Array<Record<string, unknown>> };
  const out: SpecCase[] = [];
  for (const [i, q] of (doc.queries ?? []).entries()) {
    const where = `${origin} [[queries]] #${i + 1}`;
    if (typeof q.name !== 'string' || typeof q.query !== 'string')
      throw new Error(`${where}: name and query are required`);
    const ids = q.expected_event_ids;
    if (!Array.isArray(ids)) throw new Error(`${where} (${q.name}): expected_event_ids is required`);
    const expected = ids.length > 0 && Array.isArray(ids[0]) ? (ids as number[][]) : [ids as number[]];
    const c: SpecCase = { name: q.name, query: q.query.trim(), expected };
    if (Array.isArray(q.join_keys) && q.join_keys.length > 0) c.joinKeys = q.join_keys.map((k) => String(k));
    if (typeof q.size === 'number') c.size = q.size;
    if (typeof q.max_samples_per_key === 'number') c.maxSamplesPerKey = q.max_samples_per_key;
    if (typeof q.allow_partial_search_results === 'boolean')
      c.allowPartialSearchResults = q.allow_partial_search_results;
    if (typeof q.allow_partial_sequence_results === 'boolean')
      c.allowPartialSequenceResults = q.allow_partial_sequence_results;
    if (typeof q.expect_shard_failures === 'boolean') c.expectShardFailures = q.expect_shard_failures;
    out.push(c);
  }
  return out;
}

export function loadSpecFile(path: string): SpecCase[] {
  return parseSpecText(readFileSync(path, 'utf8'), path);
}
