import { expect } from 'chai';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

/** The problem a `validate` of one bad file prints: its first line, the snippet, the caret (indented by 4). */
async function problem(path: string): Promise<{ head: string; snippet: string; caret: string; out: string }> {
  const r = await runCli(['validate', path]);
  expect(r.code).to.equal(2);
  const [head, snippet, caret] = r.stdout.split('\n');
  return { head: head!, snippet: snippet!.slice(4), caret: caret!.slice(4), out: r.stdout };
}

describe('validate: a TOML syntax error is shown around its column, as JSON errors are', () => {
  const t = tempDir();
  after(() => t.remove());

  it('trims a long line around the error, the caret under the character it names', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const cases: Array<[string, string, RegExp]> = [
      ['deep.toml', `[rule]\nname = "x"\nthreat = ${deep}\n`, /excessively nested/],
      ['tail.toml', `[rule]\nquery = "${'x'.repeat(200_000)}" junk\nname = "y"\n`, /end-of-line/],
      ['head.toml', `[rule]\nquery = = "${'x'.repeat(200_000)}"\n`, /invalid value/],
    ];
    for (const [name, text, reason] of cases) {
      const f = t.file(name, text);
      const p = await problem(f);
      expect(p.out.length, name).to.be.below(600);
      const m = new RegExp(`^${f.replace(/[.]/g, '\\.')}:(\\d+):(\\d+): \\[RULE_FILE\\] invalid TOML: `).exec(
        p.head,
      );
      expect(m, `${name}: ${p.head}`).to.not.equal(null);
      expect(p.head, name).to.match(reason);
      const line = text.split('\n')[Number(m![1]) - 1]!;
      const column = Number(m![2]);
      const col = p.caret.indexOf('^');
      expect(p.caret.slice(0, col), name).to.match(/^ *$/);
      // the snippet shows the line around the column: what stands above the caret is the character named
      expect(p.snippet[col], name).to.equal(line[column - 1]);
      expect(line.includes(p.snippet.replace(/^\.\.\./, '').replace(/\.\.\.$/, '')), name).to.equal(true);
    }
  });

  it('shows a short line whole, under the error line and column', async () => {
    const f = t.file('broken.toml', '[rule]\nname = "x"\nquery = = "process where true"\n');
    const p = await problem(f);
    expect(p.head).to.equal(`${f}:3:9: [RULE_FILE] invalid TOML: invalid value`);
    expect(p.snippet).to.equal('query = = "process where true"');
    expect(p.caret).to.equal('        ^');
  });
});
