/**
 * A detection rule as rule-runner runs it: Kibana's rule JSON (snake_case, as the rule export and the create-rule
 * API write it), validated. Only EQL rules run; other fields are kept so alerts can carry them.
 */
import { z } from 'zod';
import { readDateMath } from '../time/date-math.js';
import { INTERVAL } from '../time/duration.js';

/** `from`/`to` as a run reads them (see time/date-math.ts): `now-9m`, `now-1h/h`, an ISO date, epoch millis. */
const isDateMath = (s: string) => readDateMath(s) !== null;

export const DEFAULT_FROM = 'now-6m';
export const DEFAULT_TO = 'now';

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
