/**
 * A rule ready to run: validated (Kibana's defaults applied), with the saved-object uuid its alerts carry and the
 * exception items that apply to it. loadRules (load-rules.ts) returns these for every rule file format.
 */
import type { ExceptionItem } from '../exceptions/items.js';
import type { Rule } from './rule.js';

export interface LoadedRule {
  /** Where it came from: `file`, `file:line` (NDJSON) or `file#n` (JSON array). */
  origin: string;
  rule: Rule;
  /** Kibana's saved-object id: the export's `id`, else a UUID v5 derived from `rule_id` (rule-uuid.ts). */
  uuid: string;
  /** The items of the exception lists the rule references (`exceptions_list`), expired ones left out. */
  exceptionItems: ExceptionItem[];
  /**
   * What the runner must say about the rule each run: an exception list not found, malformed items of a list left
   * out. Value-list entries are not repeated here: the exceptions module reports them as it skips them.
   */
  warnings: string[];
}
