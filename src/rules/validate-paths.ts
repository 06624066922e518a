/**
 * `validate` over rule files and directories: the rule loader's verdict (load-rules.ts) as counts, problems and
 * warnings, so that what `validate` accepts is exactly what `run` and `run-once` will load.
 */
import { loadRules } from './load-rules.js';
import type { RuleProblem } from './rule-problem.js';
import type { Schema } from '../mapping/schema.js';

export interface ValidateReport {
  valid: number;
  invalid: number;
  problems: RuleProblem[];
  /** About valid rules (a schedule that leaves time unsearched, exceptions not applied): the exit code stays 0. */
  warnings: RuleProblem[];
}

/**
 * Checks every rule in the given files/directories; every problem is reported, not just the first. With `schema`,
 * queries are checked against that mapping too (see validateRule). `now` is the instant exception items expire
 * against and absolute windows are read at.
 */
export function validatePaths(paths: string[], schema?: Schema, now = new Date()): ValidateReport {
  const loaded = loadRules(paths, { now, schema });
  return {
    valid: loaded.rules.length,
    invalid: loaded.rejected,
    problems: loaded.problems,
    warnings: loaded.warnings,
  };
}
