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
  matches: (error: unknown, input: string) => boolean;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const KNOWN_CRASHES: KnownCrash[] = [
  {
    name: 'wildcard-hyphen-escape',
    area: 'wildcard/regex patterns and compile-time errors',
    reproducer: 'any where a : "-?"  (Invalid regular expression: /^(?:\\-.)$/su: Invalid escape)',
    matches: (e) =>
      e instanceof SyntaxError && /^Invalid regular expression: .*\/s?u: Invalid escape$/.test(message(e)),
  },
];

/** Exclusions seen in one run, by name, with the first input of each. */
export class Exclusions {
  private readonly seen = new Map<string, { count: number; example: string }>();

  /** The known crash `error` is, recorded, or undefined when it is none (a new bug). */
  match(error: unknown, input: string): KnownCrash | undefined {
    const k = KNOWN_CRASHES.find((c) => c.matches(error, input));
    if (k) {
      const s = this.seen.get(k.name);
      if (s) s.count++;
      else this.seen.set(k.name, { count: 1, example: input });
    }
    return k;
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
