/**
 * The fuzz test's seeds: queries from the repo's spec files, from Elasticsearch's EQL suite beside the repo (when
 * present; a warning says so when not) and from the rule samples; rule files as they come; events as the
 * generator writes them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { quoteBareNulls } from '../../tools/conformance/spec-file.js';
import { endpointEventsMapping } from '../../src/generate/es-mappings.js';
import { generateEvents, toJson } from '../../src/generate/index.js';
import { REPO_ROOT, SPEC_DIR } from '../support/paths.js';

export const RULE_SAMPLES_DIR = join(REPO_ROOT, '..', 'shared', 'detection-rules-sample');

export interface Corpus {
  queries: string[];
  /** Rule files: name (its extension says how it is read) and text. */
  rules: Array<{ name: string; text: string }>;
  /** NDJSON event lines. */
  events: string[];
  /** A mapping body for the generated events, for runs with a schema. */
  mapping: unknown;
  /** Seed sources that were not there. */
  missing: string[];
}

function tomlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.toml'))
    .sort()
    .map((f) => join(dir, f));
}

/** Every string under the keys `query` or `condition` of a TOML document (conditions become event queries). */
function specQueries(doc: unknown, out: string[]): void {
  if (Array.isArray(doc)) for (const d of doc) specQueries(d, out);
  else if (doc && typeof doc === 'object')
    for (const [k, v] of Object.entries(doc)) {
      if (k === 'query' && typeof v === 'string') out.push(v);
      else if (k === 'condition' && typeof v === 'string') out.push(`any where ${v}`);
      else specQueries(v, out);
    }
}

export function loadCorpus(): Corpus {
  const missing: string[] = [];
  const queries: string[] = [];
  for (const file of tomlFiles(join(REPO_ROOT, 'test', 'spec')))
    specQueries(parseToml(readFileSync(file, 'utf8')), queries);
  if (existsSync(SPEC_DIR)) {
    for (const file of tomlFiles(SPEC_DIR))
      specQueries(parseToml(quoteBareNulls(readFileSync(file, 'utf8'))), queries);
  } else missing.push(`Elasticsearch's EQL suite (${SPEC_DIR})`);
  const rules: Corpus['rules'] = [];
  const ruleJson = readFileSync(join(REPO_ROOT, 'rule.json'), 'utf8');
  rules.push({ name: 'rule.json', text: ruleJson });
  queries.push((JSON.parse(ruleJson) as { query: string }).query);
  if (existsSync(RULE_SAMPLES_DIR)) {
    for (const file of tomlFiles(RULE_SAMPLES_DIR)) {
      const text = readFileSync(file, 'utf8');
      rules.push({ name: file.slice(file.lastIndexOf('/') + 1), text });
      const q = (parseToml(text) as { rule?: { query?: unknown } }).rule?.query;
      if (typeof q === 'string') queries.push(q);
    }
  } else missing.push(`the detection-rules samples (${RULE_SAMPLES_DIR})`);
  const events: string[] = [];
  for (const e of generateEvents({ count: 300, hosts: 5, seed: 11, rate: 50, planted: 5 }))
    events.push(toJson(e));
  return { queries, rules, events, mapping: endpointEventsMapping(), missing };
}
