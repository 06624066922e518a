import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A temp directory removed after the suite; `file(name, text)` writes into it and returns the path. It is made
 * on first use: a suite defined but not run (the `@es` passes grep for their tests only) runs no `after` hook,
 * and a directory made up front would be left behind.
 */
export function tempDir(): {
  readonly dir: string;
  file: (name: string, text: string | Uint8Array) => string;
  remove: () => void;
} {
  let made: string | null = null;
  const dir = () => (made ??= mkdtempSync(join(tmpdir(), 'rule-runner-test-')));
  return {
    get dir() {
      return dir();
    },
    file: (name, text) => {
      const p = join(dir(), name);
      writeFileSync(p, text);
      return p;
    },
    remove: () => {
      if (made !== null) rmSync(made, { recursive: true, force: true });
      made = null;
    },
  };
}
