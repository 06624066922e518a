/**
 * The typed parts of a Kibana rule that are objects or arrays of objects: MITRE ATT&CK `threat`, references to
 * exception lists, the severity and risk-score mappings, required fields, related integrations and investigation
 * fields, each as Kibana's rule schema types them (security_solution's common_attributes.schema.yaml). rule.ts
 * puts them together; alerts carry them as the rule has them.
 */
import { z } from 'zod';

/** Kibana's NonEmptyString: some character that is not white space. */
export const nonEmptyString = (what = 'a non-empty string') =>
  z.string().refine((s) => s.trim() !== '', `must be ${what}`);

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const severitySchema = z.enum(SEVERITIES);

export const riskScoreSchema = z
  .number()
  .int('must be an integer from 0 to 100')
  .min(0, 'must be an integer from 0 to 100')
  .max(100, 'must be an integer from 0 to 100');

const threatEntry = { id: z.string(), name: z.string(), reference: z.string() };

export const threatSchema = z.object({
  framework: z.string(),
  tactic: z.object(threatEntry),
  technique: z
    .array(z.object({ ...threatEntry, subtechnique: z.array(z.object(threatEntry)).optional() }))
    .optional(),
});

/**
 * Kibana's exception list types. A rule's reference to an `endpoint*` list is Elastic Defend's business (the agent
 * applies it, and Kibana's rule executor leaves `endpoint_list` out): see exception-index.ts.
 */
export const EXCEPTION_LIST_TYPES = [
  'detection',
  'rule_default',
  'endpoint',
  'endpoint_trusted_apps',
  'endpoint_events',
  'endpoint_host_isolation_exceptions',
  'endpoint_blocklists',
] as const;

export const NAMESPACE_TYPES = ['single', 'agnostic'] as const;

export const exceptionListRefSchema = z.object({
  id: nonEmptyString(),
  list_id: nonEmptyString(),
  type: z.enum(EXCEPTION_LIST_TYPES),
  namespace_type: z.enum(NAMESPACE_TYPES),
});

export type ExceptionListRef = z.infer<typeof exceptionListRefSchema>;

export const severityMappingSchema = z.array(
  z.object({
    field: z.string(),
    operator: z.literal('equals'),
    value: z.string(),
    severity: severitySchema,
  }),
);

export const riskScoreMappingSchema = z.array(
  z.object({
    field: z.string(),
    operator: z.literal('equals'),
    value: z.string(),
    risk_score: riskScoreSchema.optional(),
  }),
);

/** `ecs` is computed by Kibana, so an export has it and a hand-written rule need not. */
export const requiredFieldsSchema = z.array(
  z.object({ name: nonEmptyString(), type: nonEmptyString(), ecs: z.boolean().optional() }),
);

export const relatedIntegrationsSchema = z.array(
  z.object({
    package: nonEmptyString(),
    version: nonEmptyString(),
    integration: nonEmptyString().optional(),
  }),
);

/**
 * `{ field_names }` since Kibana 8.11; 8.10 exported a bare array of names, which Kibana's migration turns into
 * the object, as this does (so a problem names the very field, where a union could only say "invalid input").
 */
export const investigationFieldsSchema = z.preprocess(
  (v) => (Array.isArray(v) ? { field_names: v } : v),
  z.object({ field_names: z.array(nonEmptyString()).min(1) }),
);

/** Kibana's query-bar filters (`{ meta, query }` and older shapes): objects, read by src/exceptions. */
export const filtersSchema = z.array(z.record(z.string(), z.unknown()));
