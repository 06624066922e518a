/** The `ip` field type: the addresses it takes, and the canonical form Elasticsearch returns them in. */

/** 16 bytes (IPv4 as IPv4-mapped IPv6, as Lucene indexes it), or undefined when `s` is no address. */
export function parseIp(input: string): Uint8Array | undefined {
  // A scope (`fe80::1%eth0`, even after an IPv4 address) is dropped, as Elasticsearch's InetAddresses does; it
  // may not be empty. Brackets (`[::1]`) are URI syntax, which it refuses.
  const pct = input.indexOf('%');
  if (pct === input.length - 1) return undefined;
  const s = pct === -1 ? input : input.slice(0, pct);
  const v4 = parseIpv4(s);
  if (v4) {
    const out = new Uint8Array(16);
    out[10] = 0xff;
    out[11] = 0xff;
    out.set(v4, 12);
    return out;
  }
  return parseIpv6(s);
}

function parseIpv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    // no leading zeros: whether 010 is octal has no clear answer, so Elasticsearch refuses it
    if (!/^(?:0|[1-9]\d{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIpv6(input: string): Uint8Array | undefined {
  let s = input;
  if (!s.includes(':')) return undefined;
  const words: number[] = [];
  let tail: number[] | undefined;
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    tail = parseIpv4(last);
    if (!tail) return undefined;
    s = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const w of part.split(':')) {
      // any number of leading zeros (`00001`), as long as the group fits 16 bits
      if (!/^[0-9a-fA-F]+$/.test(w)) return undefined;
      const v = parseInt(w, 16);
      if (v > 0xffff) return undefined;
      out.push(v);
    }
    return out;
  };
  const head = parse(halves[0]!);
  if (!head) return undefined;
  if (halves.length === 2) {
    const rest = parse(halves[1]!);
    if (!rest || head.length + rest.length > 7) return undefined;
    words.push(...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest);
  } else {
    if (head.length !== 8) return undefined;
    words.push(...head);
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[2 * i] = words[i]! >> 8;
    out[2 * i + 1] = words[i]! & 0xff;
  }
  if (tail) out.set(tail, 12);
  return out;
}

/** The form Elasticsearch returns an ip in: dotted IPv4 (also for IPv4-mapped), compressed lowercase IPv6. */
export function formatIp(b: Uint8Array): string {
  let mapped = true;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) mapped = false;
  if (mapped && b[10] === 0xff && b[11] === 0xff) return `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((b[2 * i]! << 8) | b[2 * i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function canonicalIp(s: string): string | undefined {
  const b = parseIp(s);
  return b ? formatIp(b) : undefined;
}
