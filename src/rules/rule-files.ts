/**
 * Rule files as documents: which files the paths name, and what each holds, before anything is validated. Kibana
 * rule JSON (one object or an array), Kibana's NDJSON exports (rules, exception lists and items, connectors, the
 * summary line: sorted out by export-documents.ts) and Elastic detection-rules TOML (its `[rule]` table). What
 * cannot be read is a problem naming the file, and the line and column where that helps.
 */
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { renderCaret } from '../text-position.js';
import { visibleText } from '../errors.js';
import { locateJsonError } from '../json-position.js';
import { walkPaths } from '../sources/files/walk-files.js';

/** A document as found in a file (a rule, an exception list or item...), before validation, with its origin. */
export interface RawDocument {
  /** `file`, `file:line` (NDJSON) or `file#n` (JSON array). */
  origin: string;
  value: unknown;
}

/** What validateRule is handed: a document taken to be a rule. */
export type RawRule = RawDocument;

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
 * Reads the documents of Kibana rule JSON (one object or an array), a Kibana export (NDJSON: every line, the
 * summary included) or Elastic detection-rules TOML (its `[rule]` table; `[metadata]` is the repository's own
 * bookkeeping, which the rule package Kibana installs leaves out: detection-rules' to_api_format).
 */
export function readRuleFile(path: string): { documents: RawDocument[]; problems: FileProblem[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { documents: [], problems: [{ origin: path, message: `cannot read: ${(e as Error).message}` }] };
  }
  if (/\.toml$/i.test(path)) return readToml(path, text);
  const trimmed = text.trim();
  if (/\.ndjson$/i.test(path) || (!trimmed.startsWith('[') && trimmed.includes('\n{')))
    return readNdjson(path, text);
  try {
    const value = JSON.parse(text) as unknown;
    if (Array.isArray(value))
      return { documents: value.map((v, i) => ({ origin: `${path}#${i + 1}`, value: v })), problems: [] };
    return { documents: [{ origin: path, value }], problems: [] };
  } catch (e) {
    return {
      documents: [],
      problems: [jsonProblem(path, text, e)],
    };
  }
}

/** A JSON syntax error in `text` (the file, or its NDJSON line `line`), with line:column and a caret. */
function jsonProblem(path: string, text: string, e: unknown, line?: number): FileProblem {
  const { where, caret, reason } = locateJsonError(path, text, e, line);
  return { origin: where, message: `invalid JSON: ${reason}${caret}` };
}

function readNdjson(path: string, text: string): { documents: RawDocument[]; problems: FileProblem[] } {
  const documents: RawDocument[] = [];
  const problems: FileProblem[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const origin = `${path}:${i + 1}`;
    try {
      documents.push({ origin, value: JSON.parse(line) as unknown });
    } catch (e) {
      problems.push(jsonProblem(path, line, e, i + 1));
    }
  });
  return { documents, problems };
}

function readToml(path: string, text: string): { documents: RawDocument[]; problems: FileProblem[] } {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    return { documents: [], problems: [tomlProblem(path, text, e)] };
  }
  const rule = doc.rule;
  if (!rule || typeof rule !== 'object')
    return {
      documents: [],
      problems: [{ origin: path, message: 'no [rule] table: not a detection-rules TOML file' }],
    };
  // as JSON has it: plain objects (TOML tables have no prototype), TOML dates as ISO strings
  return { documents: [{ origin: path, value: JSON.parse(JSON.stringify(rule)) as unknown }], problems: [] };
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
