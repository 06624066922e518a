/**
 * Secrets never reach a log (README: "Secrets are never printed"): a field whose name says it holds one
 * (`password`, `api_key`, `apiKey`, `Authorization`, `ELASTICSEARCH_PASSWORD`, a cookie, a token) is replaced at
 * any depth, whatever the spelling's case and separators, and the user and password of a URL
 * (`https://elastic:changeme@host`) are blanked in messages and values. Fields are copied, never changed in place.
 */

export const REDACTED = '[redacted]';

/** Names, lower case without separators, that end like one of these hold a secret. */
const SECRET_NAME = /(password|passwd|passphrase|apikey|authorization|secret|token|cookie|credentials?)$/;

/** Deeper than this, a value is not logged: fields are context, not data. */
const MAX_DEPTH = 8;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]+@/gi;

/** `text` with the userinfo of each URL in it blanked. */
export function redactText(text: string): string {
  return text.includes('@') ? text.replace(URL_USERINFO, `$1${REDACTED}@`) : text;
}

export function redactFields(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return redactObject(fields, 0, new Set());
}

function redactObject(o: object, depth: number, seen: Set<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o))
    out[k] = isSecretName(k) ? REDACTED : redactValue(v, depth + 1, seen);
  return out;
}

function redactValue(v: unknown, depth: number, seen: Set<object>): unknown {
  if (typeof v === 'string') return redactText(v);
  if (typeof v === 'bigint') return v.toString();
  if (v === null || typeof v !== 'object') return v;
  if (depth > MAX_DEPTH) return '[too deep]';
  if (seen.has(v)) return '[circular]';
  seen.add(v);
  try {
    if (Array.isArray(v)) return v.map((x) => redactValue(x, depth + 1, seen));
    // an Error's own fields are not enumerable: its name and message are what a log wants
    if (v instanceof Error)
      return { ...redactObject(v, depth, seen), name: v.name, message: redactText(v.message) };
    if (v instanceof Date) return v;
    return redactObject(v, depth, seen);
  } finally {
    seen.delete(v);
  }
}
