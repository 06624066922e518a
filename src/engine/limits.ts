/**
 * `| head N`, `| tail N` and the request `size`, combined as Elasticsearch's planner does: the pipes apply in
 * order to the ordered result list, then `size` acts as a final `head` (so `tail 3` with size 2 gives the first
 * two of the last three, still ascending), or as a final `tail` with the EQL API's `result_position: tail` (its
 * server default; a rule execution asks for it so that an over-full window keeps its most recent matches).
 */
import type { Pipe } from '../eql/syntax/ast.js';

export interface LimitOp {
  type: 'head' | 'tail';
  count: number;
}

export type ResultPosition = 'head' | 'tail';

export function limitOps(pipes: readonly Pipe[], size: number, position: ResultPosition = 'head'): LimitOp[] {
  const ops: LimitOp[] = pipes.map((p) => ({ type: p.type, count: Math.max(0, p.count) }));
  ops.push({ type: position, count: Math.max(0, size) });
  return ops;
}

export function applyLimits<T>(items: T[], ops: readonly LimitOp[]): T[] {
  let out = items;
  for (const op of ops) {
    if (op.type === 'head') out = out.length > op.count ? out.slice(0, op.count) : out;
    else out = out.length > op.count ? out.slice(out.length - op.count) : out;
  }
  return out;
}

/**
 * Collects results in order with bounded memory. Before the first `tail` only the smallest head count matters, so
 * collection stops there (`done`); from the first `tail` on, only the last N collected can survive.
 */
export class ResultCollector<T> {
  private readonly prefixLimit: number;
  private readonly keepLast: number;
  private readonly rest: LimitOp[];
  private readonly streaming: boolean;
  private buf: T[] = [];
  private taken = 0;

  constructor(ops: readonly LimitOp[]) {
    const firstTail = ops.findIndex((o) => o.type === 'tail');
    const heads = firstTail < 0 ? ops : ops.slice(0, firstTail);
    // A zero anywhere (`tail 0` too) leaves nothing to return: Elasticsearch then skips the search altogether
    // (its optimiser's SkipQueryOnLimitZero), so nothing need be read.
    this.prefixLimit = ops.some((o) => o.count === 0)
      ? 0
      : heads.reduce((m, o) => Math.min(m, o.count), Infinity);
    this.streaming = firstTail < 0;
    this.keepLast = firstTail < 0 ? Infinity : ops[firstTail].count;
    this.rest = firstTail < 0 ? [] : ops.slice(firstTail);
  }

  get done(): boolean {
    return this.taken >= this.prefixLimit;
  }

  add(item: T): void {
    if (this.taken >= this.prefixLimit) return;
    this.taken++;
    this.buf.push(item);
    // amortised trimming keeps the tail window bounded without a shift per item
    if (this.buf.length > 2 * this.keepLast + 64) this.buf = this.buf.slice(this.buf.length - this.keepLast);
  }

  /** Results final before the end of input: only possible when no `tail` is involved. */
  drain(): T[] {
    if (!this.streaming || this.buf.length === 0) return [];
    const out = this.buf;
    this.buf = [];
    return out;
  }

  finish(): T[] {
    if (this.streaming) return this.drain();
    const kept = this.buf.length > this.keepLast ? this.buf.slice(this.buf.length - this.keepLast) : this.buf;
    this.buf = [];
    return applyLimits(kept, this.rest);
  }
}
