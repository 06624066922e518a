/**
 * A detection rule as rule-runner runs it: Kibana's rule JSON (snake_case, as the rule export and the create-rule
 * API write it), validated. Only EQL rules run; other fields are kept so alerts can carry them.
 */
import { z } from 'zod';

const DURATION = /^\d+[smhd]$/;
/** Kibana date math for `from`/`to`: `now`, `now-9m`, `now+1h`, or an absolute ISO date. */
const DATE_MATH = /^now([+-]\d+[smhdwMy])*(\/[smhdwMy])?$/;

const threatSchema = z.object({
  framework: z.string(),
  tactic: z.object({ id: z.string(), name: z.string(), reference: z.string() }),
  technique: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        reference: z.string(),
        subtechnique: z
          .array(z.object({ id: z.string(), name: z.string(), reference: z.string() }))
          .optional(),
      }),
    )
    .optional(),
});

export const ruleSchema = z
  .object({
    rule_id: z.string().min(1),
    name: z.string().min(1),
    description: z.string().min(1),
    type: z.literal('eql', { error: 'only EQL rules are supported (type "eql")' }),
    language: z.literal('eql').optional().default('eql'),
    query: z.string().min(1),
    index: z.array(z.string().min(1)).min(1).optional(),
    data_view_id: z.string().optional(),
    interval: z.string().regex(DURATION, 'must be a duration such as "5m"').default('5m'),
    from: z
      .string()
      .refine(
        (s) => DATE_MATH.test(s) || !Number.isNaN(Date.parse(s)),
        'must be date math such as "now-9m" or an ISO date',
      )
      .default('now-6m'),
    to: z
      .string()
      .refine(
        (s) => DATE_MATH.test(s) || !Number.isNaN(Date.parse(s)),
        'must be date math such as "now" or an ISO date',
      )
      .default('now'),
    max_signals: z.number().int().positive().default(100),
    enabled: z.boolean().default(true),
    severity: z.enum(['low', 'medium', 'high', 'critical']),
    risk_score: z.number().int().min(0).max(100),
    version: z.number().int().positive().default(1),
    author: z.array(z.string()).optional(),
    license: z.string().optional(),
    tags: z.array(z.string()).default([]),
    threat: z.array(threatSchema).default([]),
    references: z.array(z.string()).optional(),
    false_positives: z.array(z.string()).optional(),
    timestamp_override: z.string().optional(),
    timestamp_override_fallback_disabled: z.boolean().optional(),
    event_category_override: z.string().optional(),
    tiebreaker_field: z.string().optional(),
    timestamp_field: z.string().optional(),
    filters: z.array(z.unknown()).optional(),
    exceptions_list: z.array(z.unknown()).optional(),
  })
  .passthrough();

export type Rule = z.infer<typeof ruleSchema>;
