import type { Command } from 'commander';
import { parse } from '../../eql/parser.js';
import { verify } from '../../eql/verify.js';
import { EqlError } from '../../eql/errors.js';
import { expandRulePaths, readRuleFile } from '../../rules/load-rules.js';
import { validateRule, type RuleProblem } from '../../rules/validate-rule.js';
import type { CliIo } from '../program.js';

interface ValidateReport {
  valid: number;
  invalid: number;
  problems: RuleProblem[];
}

/** Checks every rule in the given files/directories; every problem is reported, not just the first. */
export function validatePaths(paths: string[]): ValidateReport {
  const report: ValidateReport = { valid: 0, invalid: 0, problems: [] };
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
      const check = validateRule(raw);
      if (check.ok) report.valid++;
      else {
        report.invalid++;
        report.problems.push(...check.problems);
      }
    }
  }
  return report;
}

export function registerValidate(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description(
      'Check rule files (Kibana rule JSON / NDJSON exports, detection-rules TOML) or one EQL query',
    )
    .argument('[paths...]', 'rule files or directories')
    .option('--query <eql>', 'check one EQL query instead of rule files')
    .option('--json', 'print the report as JSON')
    .action((paths: string[], o: { query?: string; json?: boolean }) => {
      let report: ValidateReport;
      if (o.query !== undefined) {
        report = { valid: 0, invalid: 0, problems: [] };
        try {
          verify(parse(o.query));
          report.valid = 1;
        } catch (e) {
          if (!(e instanceof EqlError)) throw e;
          report.invalid = 1;
          report.problems.push({ origin: '--query', field: 'query', code: e.code, message: e.message });
        }
      } else {
        if (paths.length === 0) {
          io.stderr('error: give rule files or directories, or --query <eql>\n');
          io.exitCode = 2;
          return;
        }
        report = validatePaths(paths);
      }
      if (o.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
      else {
        for (const p of report.problems) {
          const who = p.rule ? ` (${p.rule})` : '';
          io.stdout(`${p.origin}${who}: [${p.code}] ${p.message.replace(/\n/g, '\n    ')}\n`);
        }
        io.stdout(`${report.valid} valid, ${report.invalid} invalid\n`);
      }
      io.exitCode = report.invalid > 0 ? 2 : 0;
    });
}
