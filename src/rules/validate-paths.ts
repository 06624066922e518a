import { expandRulePaths, readRuleFile } from './load-rules.js';
import { validateRule, type RuleProblem } from './validate-rule.js';
import type { Schema } from '../mapping/schema.js';

export interface ValidateReport {
  valid: number;
  invalid: number;
  problems: RuleProblem[];
  /** Valid rules whose schedule leaves time unsearched: reported, the exit code stays 0. */
  warnings: RuleProblem[];
}

/**
 * Checks every rule in the given files/directories; every problem is reported, not just the first. With `schema`,
 * queries are checked against that mapping too (see validateRule).
 */
export function validatePaths(paths: string[], schema?: Schema): ValidateReport {
  const report: ValidateReport = { valid: 0, invalid: 0, problems: [], warnings: [] };
  const { files, problems } = expandRulePaths(paths);
  for (const p of problems) report.problems.push({ origin: p.origin, code: 'RULE_FILE', message: p.message });
  report.invalid += problems.length;
  for (const file of files) {
    const read = readRuleFile(file);
    for (const p of read.problems)
      report.problems.push({ origin: p.origin, code: 'RULE_FILE', message: p.message });
    report.invalid += read.problems.length;
    if (read.rules.length === 0 && read.problems.length === 0) {
      report.problems.push({ origin: file, code: 'RULE_FILE', message: 'no rules in this file' });
      report.invalid++;
    }
    for (const raw of read.rules) {
      const check = validateRule(raw, schema);
      if (check.ok) {
        report.valid++;
        report.warnings.push(...check.warnings);
      } else {
        report.invalid++;
        report.problems.push(...check.problems);
      }
    }
  }
  return report;
}
