import type { Command } from 'commander';
import { EqlError } from '../../eql/errors.js';
import { checkQuery } from '../../engine/check-query.js';
import { loadMappingFile } from '../options.js';
import type { ValidateReport } from '../../rules/validate-paths.js';
import { problemLine } from '../problem-line.js';
import type { CliIo } from '../program.js';

export function registerValidate(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description(
      'Check rule files (Kibana rule JSON / NDJSON exports, detection-rules TOML) or one EQL query',
    )
    .argument('[paths...]', 'rule files or directories')
    .option('--query <eql>', 'check one EQL query (as well as any rule files given)')
    .option(
      '--mapping <file>',
      'Elasticsearch mapping (JSON) to check the queries against: unknown fields, literal types, date formats',
    )
    .option('--json', 'print the report as JSON')
    .action(async (paths: string[], o: { query?: string; json?: boolean; mapping?: string }) => {
      const schema = o.mapping ? loadMappingFile(o.mapping) : undefined;
      if (o.query === undefined && paths.length === 0) {
        io.stderr('error: give rule files or directories, or --query <eql>\n');
        io.exitCode = 2;
        return;
      }
      const report: ValidateReport = { valid: 0, invalid: 0, problems: [], warnings: [] };
      if (o.query !== undefined) {
        try {
          checkQuery(o.query, schema);
          report.valid++;
        } catch (e) {
          if (!(e instanceof EqlError)) throw e;
          report.invalid++;
          report.problems.push({ origin: '--query', field: 'query', code: e.code, message: e.message });
        }
      }
      // with --query too: paths given are checked, not dropped
      if (paths.length > 0) {
        // loaded here: the rule schemas and TOML parser cost every other command's start-up time otherwise
        const { validatePaths } = await import('../../rules/validate-paths.js');
        // the rule loader `run` uses; the clock is read here, at the edge (exception items expire against it)
        const files = validatePaths(paths, schema, new Date());
        report.valid += files.valid;
        report.invalid += files.invalid;
        report.problems.push(...files.problems);
        report.warnings.push(...files.warnings);
      }
      if (o.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
      else {
        for (const p of report.problems) io.stdout(`${problemLine(p)}\n`);
        for (const w of report.warnings) io.stdout(`warning: ${problemLine(w)}\n`);
        io.stdout(`${report.valid} valid, ${report.invalid} invalid\n`);
      }
      io.exitCode = report.invalid > 0 ? 2 : 0;
    });
}
