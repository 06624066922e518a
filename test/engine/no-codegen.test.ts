/**
 * Hardened Node (`--disallow-code-generation-from-strings`) forbids the generated hot paths; every site then takes
 * its closure fallback (src/eql/evaluate/codegen.ts). These run the same suites in such a process.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { REPO_ROOT, SPEC_DIR } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';
import { specDirAvailable } from '../../tools/conformance/runner.js';
import { generateEvents, toJson } from '../../src/generate/index.js';

const FLAG = '--disallow-code-generation-from-strings';

function node(args: string[], flags = [FLAG]) {
  return spawnSync(process.execPath, [...flags, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('without code generation from strings', function () {
  this.timeout(120_000);
  const t = tempDir();
  after(() => t.remove());

  it('the flag takes effect: nothing is generated', () => {
    const r = node([
      '--input-type=module',
      '-e',
      "import('./dist/src/eql/evaluate/codegen.js').then((m) => console.log(m.canGenerate))",
    ]);
    expect(r.stdout.trim()).to.equal('false');
  });

  it("the project's own spec files, evaluator and executor tests pass", () => {
    const tests = [
      'eql/evaluate.test.js',
      'eql/fields.test.js',
      'spec/eql-eval.test.js',
      'spec/sequences.test.js',
      'engine/executor.test.js',
      'engine/execute.test.js',
      'engine/prefetch.test.js',
    ].map((t) => join('dist', 'test', t));
    const r = node([
      join('node_modules', 'mocha', 'bin', 'mocha.js'),
      '--no-config',
      '--reporter',
      'dot',
      ...tests,
    ]);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(Number(/(\d+) passing/.exec(r.stdout)?.[1] ?? 0)).to.be.greaterThan(200);
  });

  it("Elasticsearch's conformance suite passes offline", function () {
    if (!specDirAvailable(SPEC_DIR)) {
      console.warn(
        `SKIPPED: the EQL spec suite is not at ${SPEC_DIR}; conformance without codegen not checked`,
      );
      this.skip();
    }
    const r = node([join('dist', 'tools', 'conformance', 'main.js'), '--spec-dir', SPEC_DIR]);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(/conformance: \d{3,} \/ \d{3,} passed, 0 failed/);
  });

  it("`rule-runner query` prints what it prints with it, for rule.json's sequence", () => {
    const stream = generateEvents({ count: 20_000, hosts: 50, seed: 7, rate: 2000, planted: 20 });
    const lines: string[] = [];
    for (const e of stream) lines.push(toJson(e));
    const file = t.file('events.ndjson', lines.join('\n') + '\n');
    const query = (JSON.parse(readFileSync(join(REPO_ROOT, 'rule.json'), 'utf8')) as { query: string }).query;
    const args = [join('dist', 'src', 'cli', 'main.js'), 'query', '--events', file, '--size', '1000', query];
    const plain = node(args, []);
    const hardened = node(args);
    expect(plain.status, plain.stderr).to.equal(0);
    expect(hardened.status, hardened.stderr).to.equal(0);
    expect(plain.stdout.trim().split('\n')).to.have.length(20);
    expect(hardened.stdout).to.equal(plain.stdout);
  });
});
