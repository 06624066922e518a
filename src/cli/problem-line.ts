/** How every command shows a rule problem or warning: one line as `validate` prints it. */
import { visibleLines, visibleText } from '../errors.js';
import type { RuleProblem } from '../rules/rule-problem.js';

/** `origin (rule): [CODE] message`, a message of several lines indented under it. */
export function problemLine(p: Pick<RuleProblem, 'origin' | 'rule' | 'code' | 'message'>): string {
  // the rule's id or name, and a message quoting the rule's values, are input: no control character goes through
  const who = p.rule ? ` (${visibleText(p.rule)})` : '';
  return `${visibleText(p.origin)}${who}: [${p.code}] ${visibleLines(p.message).replace(/\n/g, '\n    ')}`;
}
