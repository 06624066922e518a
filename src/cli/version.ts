import { readFileSync } from 'node:fs';

/**
 * The version `--version` prints: package.json's, read when the CLI starts, so that a release is bumped in one
 * place. The compiled file sits at dist/src/cli/ both in the repository and in an installed package, and
 * package.json two levels above dist/ in both.
 */
export function packageVersion(file: URL = new URL('../../../package.json', import.meta.url)): string {
  const text = readFileSync(file, 'utf8');
  const version = (JSON.parse(text) as { version?: unknown }).version;
  if (typeof version !== 'string') throw new Error('package.json has no version');
  return version;
}
