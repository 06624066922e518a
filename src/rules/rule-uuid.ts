/**
 * The uuid a rule's alerts carry as `kibana.alert.rule.uuid`, and which every alert id hashes (reference §2): in
 * Kibana it is the rule's saved-object id. A Kibana export has it (`id`); a rule from detection-rules TOML or
 * hand-written JSON has only its `rule_id`, so the uuid is derived from that, the same on every run and machine:
 * the same rule then writes the same alert ids everywhere, and a rerun or a second runner writes no duplicate.
 */
import { v5 } from 'uuid';

/**
 * The UUID v5 namespace for uuids derived from `rule_id`: a random UUID drawn once for rule-runner. It must never
 * change: a new namespace gives every such rule a new uuid, and with it new ids for alerts already written, which
 * the next runs would then write again.
 */
export const RULE_UUID_NAMESPACE = '8ffb749d-e1e2-4692-9470-be38f5637af0';

/** The export's saved-object `id` when the rule has one, else UUID v5 of its `rule_id`. */
export function ruleUuid(rule: { id?: string; rule_id: string }): string {
  return rule.id ?? v5(rule.rule_id, RULE_UUID_NAMESPACE);
}
