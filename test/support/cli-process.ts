import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI, run as its own process. */
export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface CliProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The uid/gid of `nobody`, as which `unprivileged` runs the CLI when the tests run as root. */
const NOBODY = 65534;

/**
 * Runs the CLI in a child process and resolves when it exits; a run still going after `timeoutMs` is killed and
 * the promise rejects, so a hang fails the test instead of stalling the suite. `unprivileged` runs it as an
 * ordinary user even when the tests run as root (through `setpriv`), for tests of permission errors: root reads
 * a file whatever its mode. `shell` runs `bash -c` with `args` as the script (`$CLI` is the command), for
 * process substitution (`<(...)`).
 */
export function runCliProcess(
  args: string[],
  opts: {
    stdin?: string | Buffer;
    env?: NodeJS.ProcessEnv;
    unprivileged?: boolean;
    shell?: boolean;
    timeoutMs?: number;
  } = {},
): Promise<CliProcessResult> {
  let command = process.execPath;
  let argv = [CLI, ...args];
  if (opts.shell) {
    command = 'bash';
    argv = ['-c', args.join(' ')];
  }
  if (opts.unprivileged && process.getuid?.() === 0) {
    if (spawnSync('setpriv', ['--version']).status !== 0)
      throw new Error(
        'running as root, and setpriv (util-linux) is missing: cannot test as an ordinary user',
      );
    argv = [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', command, ...argv];
    command = 'setpriv';
  }
  const spawnOpts: SpawnOptions = {
    env: { ...process.env, CLI: `${process.execPath} ${CLI}`, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  };
  const child = spawn(command, argv, spawnOpts);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  child.stdin!.on('error', () => {}); // a CLI that exits before reading its input
  child.stdin!.end(opts.stdin ?? '');
  const timeoutMs = opts.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI did not exit within ${timeoutMs} ms: ${args.join(' ')}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
