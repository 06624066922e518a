import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { locateJsonError } from '../json-position.js';
import { walkPaths } from '../sources/walk-files.js';

/** A rule document as found in a file, before validation, with where it came from. */
export interface RawRule {
  /** `file`, `file:line` (NDJSON) or `file#n` (JSON array). */
  origin: string;
  value: unknown;
}

/** A file that could not be read as rules at all. */
export interface FileProblem {
  origin: string;
  message: string;
}

const RULE_FILE = /\.(json|ndjson|toml)$/i;

/**
 * The rule files the paths name: files as given, directories to their rule files (recursively, in name order,
 * links followed, each real file once: see walk-files.ts). What cannot be read is a problem naming it.
 */
export function expandRulePaths(paths: string[]): { files: string[]; problems: FileProblem[] } {
  const walk = walkPaths(paths, (name) => RULE_FILE.test(name));
  const problems: FileProblem[] = walk.problems.map((p) => ({
    origin: p.path,
    message: p.notFound && p.message === 'not found' ? 'file not found' : p.message,
  }));
  for (const dir of walk.empty)
    problems.push({ origin: dir, message: 'no .json, .ndjson or .toml rule files here' });
  return { files: walk.files.map((f) => f.path), problems };
}

/**
 * Reads rule documents from Kibana rule JSON (one object or an array), a Kibana export (NDJSON, whose trailing
 * `exported_count` summary line is skipped) or Elastic detection-rules TOML (`[rule]`, with `[metadata]`).
 */
export function readRuleFile(path: string): { rules: RawRule[]; problems: FileProblem[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { rules: [], problems: [{ origin: path, message: `cannot read: ${(e as Error).message}` }] };
  }
  if (/\.toml$/i.test(path)) return readToml(path, text);
  const trimmed = text.trim();
  if (/\.ndjson$/i.test(path) || (!trimmed.startsWith('[') && trimmed.includes('\n{')))
    return readNdjson(path, text);
  try {
    const value = JSON.parse(text) as unknown;
    if (Array.isArray(value))
      return { rules: value.map((v, i) => ({ origin: `${path}#${i + 1}`, value: v })), problems: [] };
    return { rules: [{ origin: path, value }], problems: [] };
  } catch (e) {
    return {
      rules: [],
      problems: [jsonProblem(path, text, e)],
    };
  }
}

/** A JSON syntax error in `text` (the file, or its NDJSON line `line`), with line:column and a caret. */
function jsonProblem(path: string, text: string, e: unknown, line?: number): FileProblem {
  const { where, caret } = locateJsonError(path, text, e, line);
  return { origin: where, message: `invalid JSON: ${(e as Error).message}${caret}` };
}

function readNdjson(path: string, text: string): { rules: RawRule[]; problems: FileProblem[] } {
  const rules: RawRule[] = [];
  const problems: FileProblem[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const origin = `${path}:${i + 1}`;
    try {
      const value = JSON.parse(line) as Record<string, unknown>;
      if (value && typeof value === 'object' && 'exported_count' in value && !('rule_id' in value)) return;
      rules.push({ origin, value });
    } catch (e) {
      problems.push(jsonProblem(path, line, e, i + 1));
    }
  });
  return { rules, problems };
}

function readToml(path: string, text: string): { rules: RawRule[]; problems: FileProblem[] } {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    // smol-toml gives the line and column, and a caret under the spot after its first line
    const where = e as Error & { line?: number; column?: number };
    const origin = where.line !== undefined ? `${path}:${where.line}:${where.column ?? 1}` : path;
    return {
      rules: [],
      problems: [{ origin, message: `invalid TOML: ${where.message.trimEnd().replace(/\n\s*\n/g, '\n')}` }],
    };
  }
  const rule = doc.rule;
  if (!rule || typeof rule !== 'object')
    return {
      rules: [],
      problems: [{ origin: path, message: 'no [rule] table: not a detection-rules TOML file' }],
    };
  return { rules: [{ origin: path, value: rule }], problems: [] };
}
