/**
 * Zod's issues as the one-line problems `validate` and the loader print: the field path as a user would write it
 * (`threat[0].tactic.id`), then what is wrong. Rules and exception items share it, so both read alike.
 */
import type { z } from 'zod';

/** `threat[0].tactic.id`: array positions in brackets, keys dotted; '' for the document itself. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out === '' ? String(k) : `.${String(k)}`;
  }
  return out;
}

export interface FieldIssue {
  /** `threat[0].tactic.id`; '' when the document itself is wrong. */
  field: string;
  /** `threat[0].tactic.id: is required`. */
  message: string;
}

/** One line per issue, a missing field said as such rather than as "expected string, received undefined". */
export function fieldIssues(error: z.ZodError, value: unknown, what = 'rule'): FieldIssue[] {
  return error.issues.map((issue) => {
    const field = fieldPath(issue.path);
    // a field left out fails as a wrong type, a wrong option or no discriminator, whichever its schema is
    const missing =
      issue.code !== 'custom' && issue.path.length > 0 && valueAt(value, issue.path) === undefined;
    return { field, message: `${field || what}: ${missing ? 'is required' : issue.message}` };
  });
}

function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}
