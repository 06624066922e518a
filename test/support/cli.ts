import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/program.js';

/**
 * Runs the CLI in-process and captures its output and exit code; `stdin` is its standard input, if any, and `env`
 * the environment it reads (`ELASTICSEARCH_*`), none by default.
 */
export async function runCli(
  args: string[],
  stdin?: CliIo['stdin'],
  terminal?: CliIo['terminal'],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env,
    stdin,
    terminal,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** The NDJSON items a command printed, parsed (`query` prints one result per line). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function printedItems(stdout: string): any[] {
  const text = stdout.trim();
  return text === '' ? [] : text.split('\n').map((l) => JSON.parse(l) as unknown);
}
