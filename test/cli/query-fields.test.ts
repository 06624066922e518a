import { expect } from 'chai';
import { fieldMatcher, leafValues, selectFields } from '../../src/output/fields.js';
import { printedItems, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

describe('query --fields', () => {
  const t = tempDir();
  after(() => t.remove());
  const source = {
    '@timestamp': '2026-01-01T00:00:00Z',
    event: { category: ['process'] },
    process: { name: 'bash', args: ['bash', '-c', 'id'], parent: { name: 'installer', pid: 7 } },
    dll: [{ name: 'a.dylib' }, { name: 'b.dylib', code_signature: null }],
    'user.name': 'root',
  };

  it('gives every leaf by dotted path, arrays (of objects too) flattened and nulls left out', () => {
    expect(Object.fromEntries(leafValues(source))).to.deep.equal({
      '@timestamp': ['2026-01-01T00:00:00Z'],
      'event.category': ['process'],
      'process.name': ['bash'],
      'process.args': ['bash', '-c', 'id'],
      'process.parent.name': ['installer'],
      'process.parent.pid': [7],
      'dll.name': ['a.dylib', 'b.dylib'],
      'user.name': ['root'],
    });
    expect(selectFields(source, fieldMatcher(['process.parent.*', 'dll.name', 'nothing']))).to.deep.equal({
      'dll.name': ['a.dylib', 'b.dylib'],
      'process.parent.name': ['installer'],
      'process.parent.pid': [7],
    });
  });

  it('adds a "fields" object to each hit, as the EQL API does, and chooses the table columns', async () => {
    const f = t.file(
      'f.ndjson',
      [source, { ...source, '@timestamp': '2026-01-01T00:00:01Z', process: { name: 'zsh' } }]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    const r = await runCli([
      'query',
      '--events',
      f,
      '--fields',
      'process.name,process.parent.*',
      'process where true',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(printedItems(r.stdout).map((h) => h.fields)).to.deep.equal([
      { 'process.name': ['bash'], 'process.parent.name': ['installer'], 'process.parent.pid': [7] },
      { 'process.name': ['zsh'] },
    ]);
    expect(printedItems(r.stdout)[0]._source).to.deep.equal(source);
    const table = await runCli([
      'query',
      '--events',
      f,
      '--format',
      'table',
      '--fields',
      'process.name',
      '--fields',
      'process.parent.*',
      'process where true',
    ]);
    const [header, , first, second] = table.stdout.split('\n');
    expect(header!.split(/\s{2,}/)).to.deep.equal([
      '#',
      '_index',
      '_id',
      'process.name',
      'process.parent.name',
      'process.parent.pid',
    ]);
    expect(first!.split(/\s{2,}/)).to.deep.equal(['1', 'f', '1', 'bash', 'installer', '7']);
    expect(second!.split(/\s{2,}/)).to.deep.equal(['2', 'f', '2', 'zsh']);
  });
});
