/**
 * How an execution's outcome is worded and decided, as Kibana's security rule wrapper does it
 * (../shared/reference/kibana-detection-engine.md §4, §5): warnings make a `partial failure`, an error makes it
 * `failed` (it wins), and nothing makes it `succeeded`. The texts Kibana writes are kept word for word, so that
 * someone who knows Kibana's rule monitoring recognises them.
 */
import type { ExecutionStatus } from '../store/stores.js';
import { redactText } from '../logging/redact.js';

/** Kibana's getMaxSignalsWarning. */
export const MAX_SIGNALS_WARNING =
  'This rule reached the maximum alert limit for the rule execution. Some alerts were not created.';

/** Kibana's warning when the cap truncates, with how many matches were left out. */
export function maxSignalsWarning(truncated: number, maxSignals: number): string {
  return (
    `${MAX_SIGNALS_WARNING} ${truncated} new ${truncated === 1 ? 'match was' : 'matches were'} not written ` +
    `(max_signals ${maxSignals}); the next run writes those still in its window.`
  );
}

/** The window held more matches than one execution fetches: the oldest were not considered. */
export function sizeLimitWarning(size: number): string {
  return (
    `the window holds at least ${size} matches, the most one execution reads: only the most recent ${size} ` +
    'were considered'
  );
}

export function writeFailureWarning(failed: Array<{ id: string; status: number; reason: string }>): string {
  const first = failed[0]!;
  return (
    `${failed.length} alert${failed.length === 1 ? '' : 's'} could not be written after retries ` +
    `(first: ${first.id}, status ${first.status}: ${redactText(first.reason)})`
  );
}

/** Kibana's text for a thrown error. No secret survives: URL credentials and secret fields are redacted. */
export function executionError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return `An error occurred during rule execution: message: "${redactText(message)}"`;
}

export function finalStatus(warnings: readonly string[], error: string | undefined): ExecutionStatus {
  if (error !== undefined) return 'failed';
  return warnings.length > 0 ? 'partial failure' : 'succeeded';
}
