import { buildProgram } from '../../src/cli/program.js';

/**
 * Parses a command line (the words after `rule-runner`) with the real program and flags, every command's action
 * replaced so that nothing runs: `command` is the one that would have run, `error` what the parser said (empty
 * when it took the line). For examples in help texts and command lines in the Docker files.
 */
export async function parseWithProgram(args: string[]): Promise<{ command: string; error: string }> {
  let stderr = '';
  const program = buildProgram({ stdout: () => {}, stderr: (s) => (stderr += s), env: {} });
  let ran = '';
  for (const c of program.commands) c.action(() => void (ran = c.name()));
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    return { command: ran, error: `${String(e)} ${stderr}` };
  }
  return { command: ran, error: stderr };
}
