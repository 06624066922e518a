import { expect } from 'chai';
import { renderCaret } from '../../src/text-position.js';
import { Prng } from '../../src/generate/prng.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const SEED = Number(process.env.CONTROL_SEED ?? 1207);

/** Every C0 control, DEL and every C1 control. */
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  ...Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)),
];
/** Terminal escape sequences: colour, clear screen, window title, cursor moves, a C1 CSI. */
const SEQUENCES = ['\x1b[31m', '\x1b[2J\x1b[H', '\x1b]0;owned\x07', '\x1b[1A\x1b[2K', '\x9b31m', '\x1bc'];
/** A raw control character in a message: anything but the newlines the message itself puts between its lines. */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** How a message shows a control character (the reference the messages are held to). */
const shown = (c: string) =>
  c === '\t'
    ? '\\t'
    : c === '\n'
      ? '\\n'
      : c === '\r'
        ? '\\r'
        : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
// eslint-disable-next-line no-control-regex
const visible = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, shown);

/** C0 controls that are not JSON or EQL blanks: a text holding one is never valid JSON, TOML or EQL. */
const HARD = CONTROLS.filter((c) => c < ' ' && !'\t\n\r'.includes(c));

/** Text with control characters (at least one of HARD) and escape sequences among ordinary characters. */
function controlText(rng: Prng, n: number, newlines = true): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rng.int(10);
    if (r < 4) s += rng.pick(CONTROLS.filter((c) => newlines || c !== '\n'));
    else if (r < 6) s += rng.pick(SEQUENCES);
    else s += rng.pick(['a', 'b', ' ', 'é', '"', 'x', '1']);
  }
  const at = rng.int(s.length + 1);
  return s.slice(0, at) + rng.pick(HARD) + s.slice(at);
}

describe('control characters from input are shown escaped in messages', () => {
  const t = tempDir();
  after(() => t.remove());

  it(`shows a snippet's control characters as escapes, with the caret under the span (seeded: CONTROL_SEED=${SEED})`, () => {
    const rng = new Prng(SEED);
    for (let i = 0; i < 3000; i++) {
      const source = controlText(rng, rng.range(1, 200)).replace(/\r(?=\n)/g, 'r');
      const start = rng.int(source.length);
      if (source[start] === '\n') continue;
      const lineEnd = source.indexOf('\n', start) < 0 ? source.length : source.indexOf('\n', start);
      const end = Math.min(lineEnd, start + rng.range(1, 5));
      const out = renderCaret(source, { start, end });
      const label = `seed ${SEED}, case ${i}: ${JSON.stringify(source)} [${start}, ${end})`;
      const [snippet, caret, ...rest] = out.split('\n');
      expect(rest, label).to.deep.equal([]);
      expect(RAW.test(out), label).to.equal(false);
      const col = caret!.indexOf('^');
      expect(caret!.slice(0, col), label).to.match(/^ *$/);
      // under the carets: the span's characters, as the snippet shows them
      expect(snippet!.slice(col, caret!.length), label).to.equal(visible(source.slice(start, end)));
    }
  });

  it('leaves the line break of a CRLF line out of the snippet', () => {
    expect(renderCaret('any where\r\n  x == \r\n', { start: 13, end: 14 })).to.equal('  x == \n  ^');
    expect(renderCaret('a\r\n', { start: 1, end: 2 })).to.equal('a\\r\n ^^');
  });

  it(`escapes them in every message quoting an event file, a rule file, a mapping or a query (seeded: CONTROL_SEED=${SEED})`, async () => {
    const rng = new Prng(SEED + 1);
    const rule = {
      rule_id: 'r',
      name: 'n',
      description: 'd',
      type: 'eql',
      language: 'eql',
      risk_score: 1,
      severity: 'low',
      query: 'any where true',
    };
    for (let i = 0; i < 40; i++) {
      const c = controlText(rng, rng.range(1, 12));
      const one = controlText(rng, rng.range(1, 12), false);
      const runs: Array<[string, string[]]> = [
        // events: damaged in several ways, quoted by JSON.parse's message and by the snippet
        [
          'event line',
          [
            'query',
            '--strict',
            '--events',
            t.file(`e${i}.ndjson`, `{"@timestamp": 1, "a": "${one}"}\n`),
            'any where true',
          ],
        ],
        [
          'event junk',
          [
            'query',
            '--strict',
            '--events',
            t.file(`j${i}.ndjson`, `{"@timestamp": 1}\n${one}\n`),
            'any where true',
          ],
        ],
        [
          'event key',
          [
            'query',
            '--strict',
            '--events',
            t.file(`k${i}.ndjson`, `{"@timestamp": 1, ${one}: 2}\n`),
            'any where true',
          ],
        ],
        [
          'array',
          [
            'query',
            '--strict',
            '--events',
            t.file(`a${i}.json`, `[\n{"@timestamp": 1, "a": "${c}"}\n]\n`),
            'any where true',
          ],
        ],
        [
          'pretty',
          [
            'query',
            '--strict',
            '--events',
            t.file(`p${i}.json`, `{\n  "@timestamp": 1,\n  "a": ${c}\n}\n`),
            'any where true',
          ],
        ],
        // a mapping file
        [
          'mapping',
          [
            'query',
            '--mapping',
            t.file(`m${i}.json`, `{"properties": {"a": ${c}}}`),
            '--events',
            t.file(`ok${i}.ndjson`, '{"@timestamp": 1}\n'),
            'any where true',
          ],
        ],
        // queries, on the command line and in rules
        [
          'query',
          ['query', '--events', t.file(`q${i}.ndjson`, '{"@timestamp": 1}\n'), `process where a == ${c}`],
        ],
        [
          'query string',
          ['query', '--events', t.file(`s${i}.ndjson`, '{"@timestamp": 1}\n'), `process where a == "${one}`],
        ],
        ['validate --query', ['validate', '--query', `any where ${c} == 1`]],
        ['rule json', ['validate', t.file(`r${i}.json`, `{\n  "name": "x",\n  "query": ${c}\n}\n`)]],
        [
          'rule ndjson',
          ['validate', t.file(`r${i}.ndjson`, `{"name":"a"}\n{"name": "b", "query": "${one}"}\n{${one}}\n`)],
        ],
        [
          'rule fields',
          [
            'validate',
            t.file(
              `f${i}.json`,
              JSON.stringify({ ...rule, rule_id: one, severity: one, query: `any where ${one}` }),
            ),
          ],
        ],
        ['rule toml', ['validate', t.file(`r${i}.toml`, `[rule]\nname = "x${one}"\nquery = ${one}\n`)]],
      ];
      for (const [what, args] of runs) {
        const r = await runCli(args);
        const label = `seed ${SEED + 1}, case ${i}, ${what}: ${JSON.stringify(c)} / ${JSON.stringify(one)}`;
        expect(r.code, `${label}\n${r.stdout}${r.stderr}`).to.equal(2);
        const out = r.stdout + r.stderr;
        expect(RAW.exec(out)?.[0], `${label}\n${JSON.stringify(out)}`).to.equal(undefined);
        expect(out, label).not.to.match(/internal error/);
        // no newline of the input breaks out of its message: the lines are the message's own
        if (args[0] === 'query') {
          expect(r.stdout, label).to.equal('');
          expect(r.stderr, label).to.match(/^error \[[A-Z_]+\]: /);
          // the message, and a snippet with its caret
          expect(r.stderr.split('\n').length, `${label}\n${r.stderr}`).to.be.oneOf([2, 4]);
        } else
          for (const l of r.stdout.split('\n').filter(Boolean))
            expect(
              l.startsWith(t.dir) || l.startsWith('--query') || l.startsWith('    ') || /^\d+ valid/.test(l),
              `${label}\n${r.stdout}`,
            ).to.equal(true);
      }
    }
  });

  it('escapes them in a bad flag value, which the argument parser quotes', async () => {
    for (const c of [...CONTROLS, ...SEQUENCES]) {
      for (const args of [
        ['query', '--events', 'x.ndjson', '--timestamp-field', `a${c}b`, 'any where true'],
        ['query', '--events', 'x.ndjson', '--size', `1${c}`, 'any where true'],
        ['query', '--events', 'x.ndjson', '--format', `t${c}`, 'any where true'],
        ['query', `--no-such${c}`, 'any where true'],
      ]) {
        const r = await runCli(args);
        const label = JSON.stringify(args);
        expect(r.code, label).to.equal(2);
        expect(RAW.exec(r.stderr)?.[0], `${label}\n${JSON.stringify(r.stderr)}`).to.equal(undefined);
      }
    }
  });
});
