/**
 * Prints where a .cpuprofile spends its time: self time per function, and time including callees.
 * `node dist/bench/profile-summary.js FILE [rows]`.
 */
import { readFileSync } from 'node:fs';
import { isMain } from './common.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summarise(profile: Profile, rows = 20): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const name = (n: ProfileNode): string => {
    const f = n.callFrame;
    const file = f.url ? f.url.split('/').slice(-2).join('/') : '';
    return `${f.functionName || '(anonymous)'} ${file}${file ? ':' + (f.lineNumber + 1) : ''}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const walk = (n: ProfileNode, stack: Set<string>): number => {
    let t = selfUs.get(n.id) ?? 0;
    const k = name(n);
    self.set(k, (self.get(k) ?? 0) + t);
    const inner = new Set(stack).add(k);
    for (const c of n.children ?? []) t += walk(byId.get(c)!, inner);
    // recursion: count a function once per stack
    if (!stack.has(k)) total.set(k, (total.get(k) ?? 0) + t);
    return t;
  };
  const all = walk(profile.nodes[0], new Set());
  const pct = (us: number) => `${((us / all) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`total ${(all / 1e6).toFixed(2)} s sampled`, 'self time:'];
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, rows))
    lines.push(`  ${pct(us)}  ${k}`);
  lines.push('including callees:');
  for (const [k, us] of [...total].sort((a, b) => b[1] - a[1]).slice(0, rows))
    lines.push(`  ${pct(us)}  ${k}`);
  return lines.join('\n');
}

if (isMain(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-summary FILE [rows]');
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(process.argv[3] ?? 20)));
}
