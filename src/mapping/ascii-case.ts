/**
 * Case folding as Elasticsearch's case-insensitive matching does it (Lucene's ASCII_CASE_INSENSITIVE, the
 * `case_insensitive` term-level queries): A–Z and a–z only. `CAFÉ` does not match `café`, and the Kelvin sign or
 * a dotted capital I stay what they are (JavaScript's `toLowerCase` would turn them into `k` and `i̇`).
 */
export function asciiLower(s: string): string {
  // V8's own lower-casing returns the very string when it changes nothing, which settles most values at native
  // speed; a JavaScript loop over the characters costs about two nanoseconds each.
  const lower = s.toLowerCase();
  if (lower === s) return s;
  // something was folded: all of it A-Z, unless the string holds characters beyond ASCII
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return s.replace(/[A-Z]+/g, lowerAscii);
  return lower;
}

function lowerAscii(m: string): string {
  return m.toLowerCase();
}
