import { expect } from 'chai';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { runCliProcess } from '../support/cli-process.js';
import { tempDir } from '../support/tmp.js';

const rule = (id: string) =>
  JSON.stringify({
    rule_id: id,
    name: id,
    description: 'd',
    type: 'eql',
    risk_score: 1,
    severity: 'low',
    query: 'process where true',
  });

describe('rule-runner validate DIR: links, loops and unreadable paths', () => {
  const t = tempDir();
  afterEach(() => {
    chmodSync(t.dir, 0o755);
    t.remove();
  });

  const tree = () => {
    const root = join(t.dir, 'rules');
    mkdirSync(join(root, 'sub'), { recursive: true });
    t.file('rules/a.json', rule('a'));
    t.file('rules/sub/b.json', rule('b'));
    return root;
  };

  it('counts each real rule file once through a link back up the tree', async () => {
    const root = tree();
    symlinkSync('..', join(root, 'sub', 'up'));
    symlinkSync('a.json', join(root, 'same.json'));
    const r = await runCli(['validate', root, join(root, 'a.json')]);
    expect(r.code, r.stdout).to.equal(0);
    expect(r.stdout).to.equal('2 valid, 0 invalid\n');
  });

  it('follows a link to a directory of rules elsewhere', async () => {
    const root = tree();
    mkdirSync(join(t.dir, 'pack'));
    t.file(
      'pack/c.toml',
      `[rule]\n${['rule_id = "c"', 'name = "c"', 'description = "d"'].join('\n')}\n` +
        `type = "eql"\nrisk_score = 1\nseverity = "low"\nquery = "any where true"\n`,
    );
    symlinkSync(join(t.dir, 'pack'), join(root, 'pack'));
    const r = await runCli(['validate', root]);
    expect(r.stdout).to.equal('3 valid, 0 invalid\n');
  });

  it('reports a dangling link or a link loop with a rule file name as a problem, exit 2', async () => {
    const root = tree();
    symlinkSync('nowhere.json', join(root, 'gone.json'));
    symlinkSync('self.toml', join(root, 'sub', 'self.toml'));
    symlinkSync('nowhere', join(root, 'README'));
    const r = await runCli(['validate', root]);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.include(`${join(root, 'gone.json')}: [RULE_FILE] a symbolic link to a missing file`);
    expect(r.stdout).to.include(`${join(root, 'sub', 'self.toml')}: [RULE_FILE] a symbolic link loop`);
    expect(r.stdout).to.match(/\n2 valid, 2 invalid\n$/);
  });

  it('reports an unreadable directory and an unreadable rule file, as an ordinary user too', async () => {
    const root = tree();
    chmodSync(t.dir, 0o755);
    chmodSync(join(root, 'a.json'), 0o000);
    chmodSync(join(root, 'sub'), 0o000);
    const r = await runCliProcess(['validate', root], { unprivileged: true });
    expect(r.stderr).to.equal('');
    expect(r.code).to.equal(2);
    expect(r.stdout).to.include(`${join(root, 'a.json')}: [RULE_FILE] cannot read: permission denied`);
    expect(r.stdout).to.include(
      `${join(root, 'sub')}: [RULE_FILE] cannot read this directory: permission denied`,
    );
    expect(r.stdout).to.match(/\n0 valid, 2 invalid\n$/);
  });
});
