/** cidrMatch(ip, cidr...): IPv4 and IPv6 networks; IPv4 addresses match IPv4 networks (and ::ffff:0:0/96). */
import type { Span } from '../syntax/ast.js';
import { parseIp } from '../../mapping/ip.js';
import { toStringValue } from '../evaluate/values.js';
import type { CompiledArg, FunctionContext, FunctionImpl } from './implementation.js';

export interface Cidr {
  bytes: Uint8Array;
  prefix: number;
}

/** Parse `a.b.c.d/n`, `x::y/n`, or a bare address (a /32 or /128). Undefined when invalid. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const addr = slash === -1 ? text : text.slice(0, slash);
  const bytes = parseIp(addr);
  if (!bytes) return undefined;
  const v4 = !addr.includes(':');
  const max = v4 ? 32 : 128;
  let prefix = max;
  if (slash !== -1) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return undefined;
    prefix = Number(p);
    if (prefix > max) return undefined;
  }
  return { bytes, prefix: v4 ? prefix + 96 : prefix };
}

export function inCidr(ip: Uint8Array, net: Cidr): boolean {
  let bits = net.prefix;
  for (let i = 0; i < 16 && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((ip[i]! & mask) !== (net.bytes[i]! & mask)) return false;
  }
  return true;
}

export const cidrMatch: FunctionImpl = {
  name: 'cidrMatch',
  compile(args: CompiledArg[], ctx: FunctionContext) {
    const [input, ...nets] = args;
    const fi = input!.fn;
    const ki = input!.kind;
    const constant: Cidr[] = [];
    const dynamic: Array<{ fn: CompiledArg['fn']; span: Span }> = [];
    for (const n of nets) {
      if (n.constant) {
        const text = toStringValue(n.value);
        const cidr = text === null ? undefined : parseCidr(text);
        if (!cidr) ctx.fail('EQL_INVALID', `invalid CIDR notation [${String(n.value)}]`, n.span);
        constant.push(cidr);
      } else dynamic.push({ fn: n.fn, span: n.span });
    }
    return {
      fn: (src) => {
        const v = toStringValue(fi(src), ki);
        if (v === null) return null;
        const ip = parseIp(v);
        if (!ip) return null;
        for (let i = 0; i < constant.length; i++) if (inCidr(ip, constant[i]!)) return true;
        for (const d of dynamic) {
          const t = toStringValue(d.fn(src));
          const c = t === null ? undefined : parseCidr(t);
          if (c && inCidr(ip, c)) return true;
        }
        return false;
      },
      kind: 'boolean',
    };
  },
};
