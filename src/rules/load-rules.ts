/**
 * Rules ready to run, from files or directories of any rule format (rule-files.ts), with the exception items of
 * the lists each references (exception-index.ts), the uuid its alerts carry (rule-uuid.ts) and what it must warn
 * about. Every problem is collected, none stops the others: a bad rule, a bad item or an unreadable file is
 * reported and left out, the rest load. The same loader serves `validate`, `run-once` and the daemon.
 */
import type { ExceptionItem } from '../exceptions/items.js';
import type { Schema } from '../mapping/schema.js';
import { documentKind } from './export-documents.js';
import { ExceptionIndex } from './exception-index.js';
import type { LoadedRule } from './loaded-rule.js';
import { expandRulePaths, readRuleFile, type RawDocument } from './rule-files.js';
import type { RuleProblem } from './rule-problem.js';
import { ruleUuid } from './rule-uuid.js';
import { unsupportedFields } from './unsupported-fields.js';
import type { Rule } from './rule.js';
import { validateRule } from './validate-rule.js';

export interface LoadRulesOptions {
  /** The instant exception items' `expire_time` and absolute windows are read at (the run's, or the clock's). */
  now: Date;
  /** The indices' mapping, to check queries against (as `validate --mapping`). */
  schema?: Schema;
}

export interface LoadRulesResult {
  rules: LoadedRule[];
  /** What kept a file, a rule or an exception item out, one line each. */
  problems: RuleProblem[];
  /** About rules that did load: a schedule that leaves time unsearched, an exception list not found. */
  warnings: RuleProblem[];
  /** How many files, rules and items were left out (a rule with three bad fields counts once). */
  rejected: number;
}

export function loadRules(paths: string[], options: LoadRulesOptions): LoadRulesResult {
  const out: LoadRulesResult = { rules: [], problems: [], warnings: [], rejected: 0 };
  // problems are found out of order (rules are checked last): each keeps where it was, to be listed in file order
  const where: Array<[file: number, position: number]> = [];
  const reject = (at: [number, number], ...problems: RuleProblem[]) => {
    for (const p of problems) {
      out.problems.push(p);
      where.push(at);
    }
    out.rejected++;
  };
  const expanded = expandRulePaths(paths);
  for (const p of expanded.problems)
    reject([-1, 0], { origin: p.origin, code: 'RULE_FILE', message: p.message });

  const ruleDocs: Array<{ doc: RawDocument; at: [number, number] }> = [];
  const exceptions = new ExceptionIndex();
  for (const [f, file] of expanded.files.entries()) {
    const read = readRuleFile(file);
    for (const p of read.problems)
      reject([f, positionIn(p.origin, file)], { origin: p.origin, code: 'RULE_FILE', message: p.message });
    let useful = 0;
    for (const doc of read.documents) {
      const kind = documentKind(doc.value);
      if (kind === 'summary' || kind === 'connector') continue;
      useful++;
      const at: [number, number] = [f, positionIn(doc.origin, file)];
      if (kind === 'rule') ruleDocs.push({ doc, at });
      else {
        const problems = kind === 'exception-list' ? exceptions.addList(doc) : exceptions.addItem(doc);
        if (problems.length > 0) reject(at, ...problems);
      }
    }
    if (useful === 0 && read.problems.length === 0)
      reject([f, 0], {
        origin: file,
        code: 'RULE_FILE',
        message: 'no rules or exception lists in this file',
      });
  }

  // rules after every file is read: an exceptions file may come after the rules that use it
  const byRuleId = new Map<string, string>();
  const byUuid = new Map<string, string>();
  for (const { doc, at } of ruleDocs) {
    const check = validateRule(doc, options.schema, options.now);
    if (!check.ok) {
      reject(at, ...check.problems);
      continue;
    }
    const rule = check.rule;
    const uuid = ruleUuid(rule);
    const clash = duplicate(rule, uuid, doc.origin, byRuleId, byUuid);
    if (clash) {
      reject(at, clash);
      continue;
    }
    byRuleId.set(rule.rule_id, doc.origin);
    byUuid.set(uuid, doc.origin);
    const { items, warnings } = exceptions.forRule(rule.exceptions_list, options.now);
    out.rules.push({ origin: doc.origin, rule, uuid, exceptionItems: items, warnings });
    out.warnings.push(...check.warnings);
    for (const { field, message } of unsupportedFields(rule))
      out.warnings.push({ origin: doc.origin, rule: rule.rule_id, field, code: 'RULE_UNSUPPORTED', message });
    // value lists: src/exceptions reports them on every run; said here once too, for `validate`
    for (const message of [...warnings, ...valueListNotes(items)])
      out.warnings.push({
        origin: doc.origin,
        rule: rule.rule_id,
        field: 'exceptions_list',
        code: 'RULE_EXCEPTIONS',
        message,
      });
  }
  const order = out.problems.map((_, i) => i);
  order.sort((a, b) => where[a]![0] - where[b]![0] || where[a]![1] - where[b]![1] || a - b);
  out.problems = order.map((i) => out.problems[i]!);
  return out;
}

/** The line (`file:3`, `file:3:9`) or array position (`file#3`) an origin names in `file`; 0 for the whole file. */
function positionIn(origin: string, file: string): number {
  const m = /^[:#](\d+)/.exec(origin.slice(file.length));
  return m ? Number(m[1]) : 0;
}

function valueListNotes(items: ExceptionItem[]): string[] {
  return items
    .filter((item) => item.entries.some((e) => e.type === 'list'))
    .map(
      (item) =>
        `exception item "${item.item_id}" of list "${item.list_id}" tests a value list, which lives in ` +
        `Kibana's lists indices: rule-runner cannot apply it`,
    );
}

/**
 * A rule whose `rule_id` (or saved-object uuid) an earlier rule has: two rules would write the same alert ids, so
 * the first one loads and the second is a problem naming both.
 */
function duplicate(
  rule: Rule,
  uuid: string,
  origin: string,
  byRuleId: Map<string, string>,
  byUuid: Map<string, string>,
): RuleProblem | null {
  const sameId = byRuleId.get(rule.rule_id);
  const sameUuid = byUuid.get(uuid);
  if (sameId === undefined && sameUuid === undefined) return null;
  const [field, value, first] =
    sameId !== undefined ? ['rule_id', rule.rule_id, sameId] : ['id', uuid, sameUuid!];
  return {
    origin,
    rule: rule.rule_id,
    field,
    code: 'RULE_DUPLICATE',
    message: `${field}: "${value}" is also the ${field} of the rule at ${first}; only that one is loaded`,
  };
}
