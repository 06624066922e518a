/**
 * The per-event driver of a compiled script: Elasticsearch runs a script once per combination of the values of the
 * fields it reads, each field bound to one value throughout.
 */
import type { Evaluator } from '../functions/implementation.js';
import type { FieldPlan } from './field-plan.js';
import type { Source } from './path-readers.js';
import type { Predicate } from './specialize.js';
import { compareScalars, type Kind } from './values.js';

/**
 * The fields a script reads and the values bound to them for one run. `anyTrue` runs the script over every
 * combination of values (a missing field is one null) and reports whether any run returned true;
 * `firstValues` binds each field to its first doc value (the smallest, as doc values are sorted).
 */
export class ScriptScope {
  readonly values: unknown[] = [];
  private readonly readers: Array<(s: Source) => unknown> = [];
  private readonly kinds: Kind[] = [];
  private readonly index = new Map<string, number>();

  slot(key: string, plan: FieldPlan): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.readers.length;
      this.index.set(key, i);
      this.readers.push(plan.read);
      this.kinds.push(plan.kind);
      this.values.push(null);
    }
    return i;
  }

  anyTrue(fn: Evaluator): Predicate {
    const readers = this.readers;
    const values = this.values;
    const n = readers.length;
    if (n === 0) return (s) => fn(s) === true;
    if (n === 1) {
      const read = readers[0]!;
      return (s) => {
        const v = read(s);
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) {
            values[0] = v[i];
            if (fn(s) === true) return true;
          }
          return false;
        }
        values[0] = v === undefined ? null : v;
        return fn(s) === true;
      };
    }
    const bound: unknown[] = new Array(n);
    const rec = (s: Source, k: number): boolean => {
      if (k === n) return fn(s) === true;
      const v = bound[k];
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          values[k] = v[i];
          if (rec(s, k + 1)) return true;
        }
        return false;
      }
      values[k] = v === undefined ? null : v;
      return rec(s, k + 1);
    };
    return (s) => {
      for (let k = 0; k < n; k++) bound[k] = readers[k]!(s);
      return rec(s, 0);
    };
  }

  firstValues(fn: Evaluator): Evaluator {
    const readers = this.readers;
    const kinds = this.kinds;
    const values = this.values;
    const n = readers.length;
    return (s) => {
      for (let k = 0; k < n; k++) {
        const v = readers[k]!(s);
        values[k] = v === undefined ? null : Array.isArray(v) ? smallest(v, kinds[k]!) : v;
      }
      const r = fn(s);
      return r === undefined ? null : r;
    };
  }
}

function smallest(list: unknown[], kind: Kind): unknown {
  let best = list[0];
  for (let i = 1; i < list.length; i++) {
    const c = compareScalars(list[i], best, kind === 'version');
    if (c !== null && c < 0) best = list[i];
  }
  return best;
}
