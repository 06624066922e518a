/** Locating and reading the EQL conformance suite that lives beside the repo (`../shared/eql-spec`). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';

/** dist/test/eql/*.js and test/eql/*.ts are both three levels below the repo root or two; walk up to package.json. */
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the test file');
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRepoRoot();
export const specDir = path.resolve(repoRoot, '../shared/eql-spec');

/** The spec files Elasticsearch's newest harness loads. */
export const SPEC_FILES = [
  'test_queries.toml',
  'additional_test_queries.toml',
  'test_queries_date.toml',
  'test_queries_date_nanos.toml',
  'test_extra.toml',
  'test_missing_events.toml',
  'test_sample.toml',
  'test_sample_multi.toml',
  'test_failing_shards.toml',
];

export interface SpecQuery {
  file: string;
  name: string;
  query: string;
}

/**
 * test_extra.toml writes a bare `null` inside arrays (the Java TOML parser accepts it, the standard does not):
 * replace `null` tokens that are outside strings and comments with the string "null".
 */
export function fixBareNulls(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '#') {
      const nl = text.indexOf('\n', i);
      const end = nl === -1 ? text.length : nl;
      out += text.slice(i, end);
      i = end;
    } else if (text.startsWith("'''", i) || text.startsWith('"""', i)) {
      const delim = text.slice(i, i + 3);
      const close = text.indexOf(delim, i + 3);
      const end = close === -1 ? text.length : close + 3;
      out += text.slice(i, end);
      i = end;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== ch && text[j] !== '\n')
        j += ch === '"' && text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (text.startsWith('null', i) && !/\w/.test(text[i - 1] ?? '') && !/\w/.test(text[i + 4] ?? '')) {
      out += '"null"';
      i += 4;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

export function loadSpecQueries(file: string): SpecQuery[] {
  const doc = parseToml(fixBareNulls(readFileSync(path.join(specDir, file), 'utf8'))) as {
    queries?: { name?: string; query?: string }[];
  };
  return (doc.queries ?? []).map((q) => ({ file, name: String(q.name), query: String(q.query) }));
}

/** The bodies of the commented-out `#[[queries]]` blocks: features Elasticsearch rejects. */
export function loadDisabledQueries(file: string): SpecQuery[] {
  const lines = readFileSync(path.join(specDir, file), 'utf8').split('\n');
  const out: SpecQuery[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^#\s*\[\[queries\]\]/.test(lines[i])) continue;
    const block: string[] = [];
    for (
      let j = i + 1;
      j < lines.length && lines[j].startsWith('#') && !/^#\s*\[\[queries\]\]/.test(lines[j]);
      j++
    ) {
      block.push(lines[j].replace(/^#/, ''));
    }
    const text = block.join('\n');
    const name = /name\s*=\s*"([^"]*)"/.exec(text)?.[1] ?? `line ${i + 1}`;
    const query = /query\s*=\s*'''([\s\S]*?)'''/.exec(text)?.[1] ?? /query\s*=\s*'([^'\n]*)'/.exec(text)?.[1];
    if (query !== undefined) out.push({ file, name, query });
  }
  return out;
}
