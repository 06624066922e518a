import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import {
  EXIT_CODES,
  HELP_EXAMPLES,
  PROGRAM_EXAMPLES,
  type HelpExample,
} from '../../src/cli/help-examples.js';
import { buildProgram, type CliIo } from '../../src/cli/program.js';
import { runCli } from '../support/cli.js';
import { parseWithProgram } from '../support/parse-args.js';

const io = (): CliIo => ({ stdout: () => {}, stderr: () => {}, env: {} });
const registered = buildProgram(io()).commands.map((c) => c.name());

/**
 * The words of an example's command line as a POSIX shell splits them (single and double quotes, no escapes), up
 * to a pipe, a redirection or a list operator: what follows is not the command's arguments.
 */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|([^\s'"]+)/g;
  let word: string | null = null;
  let end = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const glued = word !== null && m.index === end;
    if (!glued && m[3] !== undefined && /^(\||&&|;|\d?>|<)/.test(m[3])) break;
    const part = m[1] ?? m[2] ?? m[3]!;
    if (glued) word += part;
    else {
      if (word !== null) words.push(word);
      word = part;
    }
    end = m.index + m[0].length;
  }
  if (word !== null) words.push(word);
  return words;
}

/** An example's arguments after `rule-runner`, its leading `VAR=value` assignments dropped. */
function exampleArgs(example: HelpExample): string[] {
  const words = shellWords(example.line);
  while (words.length > 0 && /^[A-Z_]+=/.test(words[0]!)) words.shift();
  expect(words[0], example.line).to.equal('rule-runner');
  return words.slice(1);
}

/** Parses an example with the real program and flags (nothing runs). */
function parseExample(example: HelpExample): Promise<{ command: string; error: string }> {
  return parseWithProgram(exampleArgs(example));
}

describe('--help: examples and exit codes on every command', () => {
  it('finds the commands the program registers', () => {
    expect(registered).to.include.members(['query', 'run', 'run-once', 'backfill', 'generate']);
  });

  for (const name of registered) {
    it(`${name} --help shows its examples and exit codes 0, 1 and 2`, async () => {
      expect(HELP_EXAMPLES, `no examples for "${name}" in src/cli/help-examples.ts`).to.have.property(name);
      const r = await runCli([name, '--help']);
      expect(r.code).to.equal(0);
      expect(r.stdout).to.include(`Usage: rule-runner ${name}`);
      expect(r.stdout).to.match(/\nExamples:\n {2}(# .*\n {2})?\$ /);
      for (const example of HELP_EXAMPLES[name]!) expect(r.stdout).to.include(`$ ${example.line}`);
      expect(r.stdout).to.match(/\nExit codes:\n {2}0 {2}success/);
      expect(r.stdout).to.match(/\n {2}1 {2}internal error/);
      expect(r.stdout).to.match(/\n {2}2 {2}user error/);
    });
  }

  it("another program's example line is marked so, and every command has one of its own", () => {
    for (const [name, examples] of Object.entries(HELP_EXAMPLES)) {
      for (const e of examples.filter((x) => x.other)) expect(e.line, name).to.not.match(/^rule-runner /);
      expect(
        examples.filter((e) => !e.other),
        name,
      ).to.have.length.above(0);
    }
  });

  it('an example table entry names a registered command (none stale)', () => {
    expect(registered).to.include.members(Object.keys(HELP_EXAMPLES));
  });

  for (const [name, examples] of Object.entries(HELP_EXAMPLES))
    for (const example of examples.filter((e) => !e.other))
      it(`${name}'s example parses with the real flags: ${exampleArgs(example).join(' ').slice(0, 60)}`, async () => {
        const parsed = await parseExample(example);
        expect(parsed.error, example.line).to.equal('');
        expect(parsed.command).to.equal(name);
      });

  for (const example of PROGRAM_EXAMPLES.filter((e) => !/ help /.test(` ${e.line} `)))
    it(`the program's example parses: ${exampleArgs(example).join(' ').slice(0, 60)}`, async () => {
      const parsed = await parseExample(example);
      expect(parsed.error, example.line).to.equal('');
      expect(parsed.command).to.not.equal('');
    });

  it('the top-level help lists every exit code the code sets, with the examples', async () => {
    const r = await runCli(['--help']);
    expect(r.code).to.equal(0);
    for (const example of PROGRAM_EXAMPLES) expect(r.stdout).to.include(`$ ${example.line}`);
    // the codes the CLI returns: main.ts's literals, and every `exitCode = N` and EXIT_ constant under src/cli
    const cli = new URL('../../../src/cli/', import.meta.url);
    const used = new Set<number>([0]);
    for (const m of readFileSync(new URL('main.ts', cli), 'utf8').matchAll(/return (\d+)\b/g))
      used.add(Number(m[1]));
    for (const file of readdirSync(cli, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    ))
      for (const m of readFileSync(new URL(file, cli), 'utf8').matchAll(
        /(?:exitCode = |EXIT_[A-Z_]+ = )(\d+)\b/g,
      ))
        used.add(Number(m[1]));
    expect([...used].sort((a, b) => a - b)).to.deep.equal(EXIT_CODES.map(([code]) => code));
    for (const [code, meaning] of EXIT_CODES) expect(r.stdout).to.include(`  ${code}  ${meaning}`);
    expect(r.stdout).to.include('128 + the signal (130 for Ctrl-C)');
  });

  it('run-once and backfill list exit code 3, query does not', async () => {
    for (const name of ['run-once', 'backfill'])
      expect((await runCli([name, '--help'])).stdout).to.match(/\n {2}3 {2}run-once, backfill/);
    expect((await runCli(['query', '--help'])).stdout).to.not.match(/\n {2}3 {2}/);
  });

  it('help COMMAND shows the same examples as COMMAND --help', async () => {
    const a = await runCli(['help', 'backfill']);
    const b = await runCli(['backfill', '--help']);
    expect(a.code).to.equal(0);
    expect(a.stdout).to.equal(b.stdout);
  });

  it('splits an example as a shell does, up to a pipe or a redirection', () => {
    expect(shellWords(`rule-runner query --events=a' b'"c" 'x == "y"' | head -1`)).to.deep.equal([
      'rule-runner',
      'query',
      '--events=a bc',
      'x == "y"',
    ]);
    expect(shellWords('rule-runner export-alerts > out.ndjson')).to.deep.equal([
      'rule-runner',
      'export-alerts',
    ]);
  });

  it('an example naming a flag that does not exist fails the parse check', async () => {
    const parsed = await parseExample({ says: '', line: 'rule-runner query --no-such-flag x' });
    expect(parsed.error).to.include("unknown option '--no-such-flag'");
  });
});
