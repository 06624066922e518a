import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { renderCaret } from '../text-position.js';
import { visibleText } from '../errors.js';
import { locateJsonError } from '../json-position.js';
import { walkPaths } from '../sources/files/walk-files.js';

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
  const { where, caret, reason } = locateJsonError(path, text, e, line);
  return { origin: where, message: `invalid JSON: ${reason}${caret}` };
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
    return { rules: [], problems: [tomlProblem(path, text, e)] };
  }
  const rule = doc.rule;
  if (!rule || typeof rule !== 'object')
    return {
      rules: [],
      problems: [{ origin: path, message: 'no [rule] table: not a detection-rules TOML file' }],
    };
  return { rules: [{ origin: path, value: rule }], problems: [] };
}

/**
 * A TOML syntax error with line:column and the line around the column with a caret, as JSON errors are shown.
 * smol-toml's own message carries the whole lines around the error (201 KB for a deeply nested array): only its
 * first line, the reason, is kept.
 */
function tomlProblem(path: string, text: string, e: unknown): FileProblem {
  const err = e as Error & { line?: number; column?: number };
  const reason = visibleText(err.message.split('\n')[0]!.replace(/^Invalid TOML document: /, ''));
  if (err.line === undefined) return { origin: path, message: `invalid TOML: ${reason}` };
  const column = err.column ?? 1;
  let lineStart = 0;
  for (let l = 1; l < err.line; l++) {
    const nl = text.indexOf('\n', lineStart);
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  const offset = lineStart + column - 1;
  return {
    origin: `${path}:${err.line}:${column}`,
    message: `invalid TOML: ${reason}\n${renderCaret(text, { start: offset, end: offset + 1 })}`,
  };
}
