/**
 * A detection rule as rule-runner runs it: Kibana's rule JSON (snake_case, as the rule export and the create-rule
 * API write it), validated against Kibana's rule schema (security_solution's common_attributes.schema.yaml and
 * eql_attributes.schema.yaml), with Kibana's defaults where a field is absent (applyRuleDefaults: interval 5m,
 * from now-6m, to now, max_signals 100, version 1, empty arrays). Only EQL rules run; every other field is kept
 * (passthrough) so that alerts carry the rule as Kibana would.
 */
import { z } from 'zod';
import { readDateMath } from '../time/date-math.js';
import { INTERVAL } from '../time/duration.js';
import {
  exceptionListRefSchema,
  filtersSchema,
  investigationFieldsSchema,
  nonEmptyString,
  relatedIntegrationsSchema,
  requiredFieldsSchema,
  riskScoreMappingSchema,
  riskScoreSchema,
  severityMappingSchema,
  severitySchema,
  threatSchema,
} from './rule-parts.js';

/** `from`/`to` as a run reads them (see time/date-math.ts): `now-9m`, `now-1h/h`, an ISO date, epoch millis. */
const isDateMath = (s: string) => readDateMath(s) !== null;

export const DEFAULT_FROM = 'now-6m';
export const DEFAULT_TO = 'now';
export const DEFAULT_MAX_SIGNALS = 100;

/**
 * Kibana's own schema has no upper bound, but an EQL rule makes one request of `size = max_signals` and
 * Elasticsearch refuses a size over `index.max_result_window` (10,000): such a rule fails every run (kibana #126822).
 */
export const MAX_MAX_SIGNALS = 10_000;

const MAX_SIGNALS_RANGE = `must be an integer from 1 to 10,000 (an EQL search returns at most 10,000 matches)`;

const fieldName = () => nonEmptyString('a field name');
const strings = () => z.array(z.string());

export const ruleSchema = z
  .object({
    /** Kibana's saved-object id, in an export; see rule-uuid.ts. */
    id: nonEmptyString().optional(),
    rule_id: nonEmptyString(),
    name: nonEmptyString(),
    description: nonEmptyString(),
    type: z.literal('eql', { error: 'only EQL rules are supported (type "eql")' }),
    language: z.literal('eql').optional().default('eql'),
    query: nonEmptyString('an EQL query'),
    index: z.array(nonEmptyString('an index pattern')).min(1).optional(),
    data_view_id: z.string().optional(),
    interval: z
      .string()
      .regex(INTERVAL, 'must be a duration of at least 1s such as "5m" (s, m, h or d, no leading zero)')
      .default('5m'),
    from: z
      .string()
      .refine(
        isDateMath,
        'must be date math such as "now-9m" or "now-1d/d", an ISO date, or epoch milliseconds',
      )
      .default(DEFAULT_FROM),
    to: z
      .string()
      .refine(isDateMath, 'must be date math such as "now", an ISO date, or epoch milliseconds')
      .default(DEFAULT_TO),
    max_signals: z
      .number()
      .int(MAX_SIGNALS_RANGE)
      .min(1, MAX_SIGNALS_RANGE)
      .max(MAX_MAX_SIGNALS, MAX_SIGNALS_RANGE)
      .default(DEFAULT_MAX_SIGNALS),
    enabled: z.boolean().default(true),
    severity: severitySchema,
    risk_score: riskScoreSchema,
    severity_mapping: severityMappingSchema.default([]),
    risk_score_mapping: riskScoreMappingSchema.default([]),
    rule_name_override: z.string().optional(),
    version: z
      .number()
      .int('must be an integer of at least 1')
      .min(1, 'must be an integer of at least 1')
      .default(1),
    author: strings().default([]),
    license: z.string().optional(),
    tags: strings().default([]),
    threat: z.array(threatSchema).default([]),
    references: strings().default([]),
    false_positives: strings().default([]),
    note: z.string().optional(),
    setup: z.string().default(''),
    namespace: z.string().optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
    building_block_type: z
      .literal('default', { error: 'must be "default", the one building-block type Kibana has' })
      .optional(),
    timestamp_override: fieldName().optional(),
    timestamp_override_fallback_disabled: z.boolean().optional(),
    event_category_override: fieldName().optional(),
    tiebreaker_field: fieldName().optional(),
    timestamp_field: fieldName().optional(),
    filters: filtersSchema.optional(),
    exceptions_list: z.array(exceptionListRefSchema).default([]),
    required_fields: requiredFieldsSchema.default([]),
    related_integrations: relatedIntegrationsSchema.default([]),
    investigation_fields: investigationFieldsSchema.optional(),
  })
  .passthrough();

export type Rule = z.infer<typeof ruleSchema>;
