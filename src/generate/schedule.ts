/** A binary min-heap of scheduled events ordered by (time, scheduling order): the generator's look-ahead buffer. */
export interface Scheduled<T> {
  t: number;
  seq: number;
  item: T;
}

export class Schedule<T> {
  private readonly heap: Scheduled<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  peekTime(): number {
    return this.heap.length > 0 ? this.heap[0].t : Infinity;
  }

  push(t: number, item: T): void {
    const h = this.heap;
    const node: Scheduled<T> = { t, seq: this.seq++, item };
    let i = h.length;
    h.push(node);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(node, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = node;
  }

  pop(): Scheduled<T> | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(h[r], h[l]) ? r : l;
        if (!before(h[c], last)) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function before<T>(a: Scheduled<T>, b: Scheduled<T>): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
