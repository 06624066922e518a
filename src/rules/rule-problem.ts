/**
 * One thing wrong with a rule file, a rule or an exception item, as `validate` prints it and the loader returns
 * it: where (`origin`), which rule, which field, a stable code, and what is wrong, in one line.
 */
export interface RuleProblem {
  /** `file`, `file:line` (NDJSON, or TOML with a column) or `file#n` (JSON array). */
  origin: string;
  /** rule_id or name when known, to find the rule in a big export. */
  rule?: string;
  /** Path of the bad field as a user writes it (`query`, `threat[0].tactic.id`...). */
  field?: string;
  /** `RULE_FILE`, `RULE_INVALID`, `RULE_DUPLICATE`, `EXCEPTION_INVALID`, an EQL error's code... */
  code: string;
  message: string;
}
