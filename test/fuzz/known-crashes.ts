/**
 * Crashes the fuzz and property tests found in code that other work is fixing at the same time. A case whose
 * internal error matches one of these is excluded (counted, and printed with an example) instead of failing the
 * run; any other internal error fails it. Remove an entry once its fix has landed: the tests then hold the fix.
 */

export interface KnownCrash {
  /** A short stable name, printed with each exclusion. */
  name: string;
  /** The class of bug, as the work on it is named. */
  area: string;
  /** A minimal input that shows it. */
  reproducer: string;
  /** `error` is HANG when the case ran over its time budget. */
  matches: (error: unknown, input: string) => boolean;
}

/** What a case that ran over its time budget is matched as (it threw nothing). */
export const HANG = Symbol('hang');

// Empty: the crashes it held (a wildcard pattern holding '-', events nested 100,000 deep, a wildcard pattern of
// many stars backtracking) were fixed and merged; the tests now hold those fixes.
export const KNOWN_CRASHES: KnownCrash[] = [];

/** Exclusions seen in one run, by name, with the first input of each. */
export class Exclusions {
  private readonly seen = new Map<string, { count: number; example: string }>();

  /** The known crash `error` is, recorded, or undefined when it is none (a new bug). */
  match(error: unknown, input: string): KnownCrash | undefined {
    const k = KNOWN_CRASHES.find((c) => c.matches(error, input));
    if (k) this.record(k.name, input);
    return k;
  }

  /** Records a case excluded as the known crash `name` (matched elsewhere, e.g. in a worker). */
  record(name: string, input: string): void {
    const s = this.seen.get(name);
    if (s) s.count++;
    else this.seen.set(name, { count: 1, example: input });
  }

  /** Prints what was excluded (never silently); nothing when nothing was. */
  report(label: string): void {
    for (const [name, { count, example }] of this.seen) {
      const k = KNOWN_CRASHES.find((c) => c.name === name)!;
      console.warn(
        `${label}: EXCLUDED ${count} case(s) hitting the known crash ${name} (${k.area}, see test/fuzz/known-crashes.ts); ` +
          `first: ${example.length > 300 ? `${example.slice(0, 300)}...` : example}`,
      );
    }
  }
}
