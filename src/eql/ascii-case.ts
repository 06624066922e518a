/**
 * Case folding as Elasticsearch's case-insensitive matching does it (Lucene's ASCII_CASE_INSENSITIVE, the
 * `case_insensitive` term-level queries): A–Z and a–z only. `CAFÉ` does not match `café`, and the Kelvin sign or
 * a dotted capital I stay what they are (JavaScript's `toLowerCase` would turn them into `k` and `i̇`).
 */
export function asciiLower(s: string): string {
  let upper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) upper = true;
    else if (c > 0x7f) return upper || /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, lowerAscii) : s;
  }
  return upper ? s.toLowerCase() : s;
}

function lowerAscii(m: string): string {
  return m.toLowerCase();
}
