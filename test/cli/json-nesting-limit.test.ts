/**
 * The nesting limit (src/json-depth.ts) as a property over depths around it: at the limit and one below, an event
 * or a mapping reads and works everywhere (output, --fields, a table, --dedup, the external sort); one above and far
 * beyond, it is refused with the file and line. Seeded: `NESTING_SEED=n` repeats a run, whose seed a failure prints.
 */
import { expect } from 'chai';
import { loadMappingFile } from '../../src/cli/options.js';
import type { Schema } from '../../src/mapping/schema.js';
import { isUserError, type UserError } from '../../src/errors.js';
import { Prng } from '../../src/generate/prng.js';
import { MAX_JSON_DEPTH } from '../../src/json-depth.js';
import { readAllEvents } from '../support/event-files.js';
import { printedItems, runCli } from '../support/cli.js';
import {
  deepEventText,
  deepMappingText,
  textDepth,
  WRAPPER_LEVELS,
  type MappingWrapper,
} from '../support/deep-json.js';
import { tempDir } from '../support/tmp.js';

const LIMIT = MAX_JSON_DEPTH;
const seed = Number(process.env.NESTING_SEED ?? Date.now() % 1_000_000);
const DEPTHS = [LIMIT - 1, LIMIT, LIMIT + 1, LIMIT + 2, 3_000, 20_000];

const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
const normal = (s: number) => JSON.stringify({ '@timestamp': at(s), event: { category: 'process' }, n: s });

type Form = 'ndjson' | 'hit' | 'array' | 'response';

/** A file holding `deep` (an event's text) among normal events, as `form`; the line the deep one starts on. */
function fileText(form: Form, deep: string, before: number): { text: string; line: number } {
  const others = Array.from({ length: before }, (_, i) => normal(i));
  if (form === 'ndjson' || form === 'hit') {
    const rec = form === 'hit' ? `{"_index":"ix","_id":"deep","_source":${deep}}` : deep;
    return { text: [...others, rec, normal(before + 1)].join('\n') + '\n', line: before + 1 };
  }
  if (form === 'array') return { text: `[\n${[...others, deep].join(',\n')}\n]\n`, line: before + 2 };
  const hits = [...others, deep].map((src, i) => `{"_index":"ix","_id":"h${i}","_source":${src}}`);
  return { text: `{"took":1,"hits":{"hits":[${hits.join(',')}]}}\n`, line: 1 };
}

describe('the nesting limit, around it and far beyond (property)', function () {
  this.timeout(120_000);
  const t = tempDir();
  after(() => t.remove());
  const where = (i: number) => `seed ${seed} (NESTING_SEED=${seed} repeats it), case ${i}`;

  it('reads events up to the limit and refuses deeper ones, naming file and line, in every file form', async () => {
    const rng = new Prng(seed);
    const forms: Form[] = ['ndjson', 'hit', 'array', 'response'];
    let refused = 0;
    let read = 0;
    for (let i = 0; i < 48; i++) {
      const depth = DEPTHS[i % DEPTHS.length]!;
      const form = forms[Math.floor(i / DEPTHS.length) % forms.length]!;
      const deep = deepEventText(depth, rng, at(500));
      expect(textDepth(deep), where(i)).to.equal(depth);
      const { text, line } = fileText(form, deep, rng.int(3));
      const file = t.file(`e${i}.${form === 'ndjson' || form === 'hit' ? 'ndjson' : 'json'}`, text);
      const sort = rng.chance(0.5) ? ('external' as const) : ('stream' as const);
      const outcome = await readAllEvents([file], { sort, runSize: 2, strict: true }).catch(
        (e: unknown) => e,
      );
      if (depth > LIMIT) {
        // without --strict the record is skipped and counted, the others read
        const lenient = await readAllEvents([file], { sort, runSize: 2 });
        expect(lenient.stats.invalid, where(i)).to.equal(1);
        expect(lenient.stats.firstInvalid?.[0], where(i)).to.contain(`${file}:${line}`);
        expect(
          lenient.events.some((e) => e.ordinal.ts === Date.parse(at(500))),
          where(i),
        ).to.equal(false);
      }
      if (depth <= LIMIT) {
        if (!('events' in (outcome as object))) throw outcome;
        const { events } = outcome as Awaited<ReturnType<typeof readAllEvents>>;
        const got = events.find((e) => e.ordinal.ts === Date.parse(at(500)));
        expect(JSON.stringify(got?.source), where(i)).to.equal(JSON.stringify(JSON.parse(deep)));
        read++;
      } else {
        expect(isUserError(outcome), `${where(i)}: depth ${depth} was read`).to.equal(true);
        expect((outcome as UserError).code, where(i)).to.equal('EVENT_INVALID_DEPTH');
        expect((outcome as UserError).message, where(i)).to.contain(`${file}:${line}`);
        refused++;
      }
    }
    expect(read).to.be.above(0);
    expect(refused).to.be.above(0);
  });

  it('prints events at the limit through the CLI as read, with --fields, a table and --dedup', async () => {
    const rng = new Prng(seed + 1);
    // the table's wildcard column gathers every leaf path of the results (the deep ones too) to match `n*`; a column
    // of the deep path itself would be slow to read (readSourcePath tries every split of it at every level)
    const flagSets = [[], ['--fields', '*'], ['--format', 'table', '--fields', '@timestamp,n*'], ['--dedup']];
    for (let i = 0; i < 16; i++) {
      const depth = DEPTHS[i % 4]!;
      const flags = flagSets[Math.floor(i / 4)]!;
      const deep = deepEventText(depth, rng, at(500));
      const { text, line } = fileText('ndjson', deep, 1);
      // the copy is what --dedup drops
      const file = t.file(`c${i}.ndjson`, text + deep + '\n');
      const r = await runCli([
        'query',
        '--strict',
        '--events',
        file,
        '--size',
        '100',
        ...flags,
        'any where true',
      ]);
      expect(r.stderr, where(i)).not.to.match(/internal error|RangeError/);
      if (depth > LIMIT) {
        expect(r.code, `${where(i)}: ${r.stderr.slice(0, 300)}`).to.equal(2);
        expect(r.stderr, where(i)).to.contain(`error [EVENT_INVALID_DEPTH]: ${file}:${line}:`);
        continue;
      }
      expect(r.code, `${where(i)}: ${r.stderr.slice(0, 300)}`).to.equal(0);
      if (flags[0] === '--format') {
        expect(r.stdout.split('\n')[0], where(i)).to.match(/_id\s+@timestamp\s+n$/);
        continue;
      }
      const hits = printedItems(r.stdout);
      const deepHits = hits.filter((h) => h._source['@timestamp'] === at(500));
      expect(deepHits, where(i)).to.have.length(flags[0] === '--dedup' ? 1 : 2);
      expect(JSON.stringify(deepHits[0]._source), where(i)).to.equal(JSON.stringify(JSON.parse(deep)));
      if (flags[0] === '--fields')
        expect(deepHits[0].fields['@timestamp'], where(i)).to.deep.equal([at(500)]);
    }
  });

  it('takes mappings up to the limit in JSON levels and refuses deeper ones, naming the field', () => {
    const rng = new Prng(seed + 2);
    const wrappers: MappingWrapper[] = ['body', 'mappings', 'response'];
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 40; i++) {
      const target = [LIMIT - 1, LIMIT, LIMIT + 1, LIMIT + 2, 6_001][i % 5]!;
      // a wrapper and leaf whose levels make the target exactly: 2 per field, plus theirs
      const shapes = wrappers.flatMap((w) =>
        [false, true]
          .map((multi) => ({ w, multi, rest: target - WRAPPER_LEVELS[w] - (multi ? 2 : 0) }))
          .filter((s) => s.rest >= 2 && s.rest % 2 === 0),
      );
      const shape = rng.pick(shapes);
      const { text, field } = deepMappingText(shape.rest / 2, shape.w, shape.multi, rng);
      expect(textDepth(text), where(i)).to.equal(target);
      const file = t.file(`m${i}.json`, text);
      const name = field.join('.');
      let schema: Schema | undefined;
      let error: unknown = null;
      try {
        schema = loadMappingFile(file);
      } catch (e) {
        error = e;
      }
      if (target <= LIMIT) {
        if (error !== null) throw error;
        expect(schema!.resolve(name)?.type, where(i)).to.equal(shape.multi ? 'text' : 'keyword');
        if (shape.multi) expect(schema!.resolve(`${name}.kw`)?.type, where(i)).to.equal('keyword');
        expect(schema!.has(field.slice(0, -1).join('.')), where(i)).to.equal(true);
        accepted++;
      } else {
        expect(isUserError(error), `${where(i)}: ${target} levels taken`).to.equal(true);
        const e = error as UserError;
        expect(e.code, where(i)).to.equal('MAPPING_INVALID');
        expect(e.message, where(i)).to.contain(file);
        expect(e.message, where(i)).to.contain(`field ${field.slice(0, 6).join('.')}`);
        refused++;
      }
    }
    expect(accepted).to.be.above(0);
    expect(refused).to.be.above(0);
  });
});
