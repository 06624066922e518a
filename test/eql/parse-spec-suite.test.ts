import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadSpecFile } from '../../tools/conformance/spec-file.js';
import { SUITES } from '../../tools/conformance/suites.js';
import { EqlError, parse, verify } from '../../src/eql/index.js';
import { SPEC_DIR } from '../support/paths.js';

/** Every file the conformance harness runs, and test_failing_shards.toml, whose queries must parse too. */
const SPEC_FILES = [...new Set(SUITES.map((s) => s.file)), 'test_failing_shards.toml'];

/** The bodies of the commented-out `#[[queries]]` blocks: features Elasticsearch rejects. */
function loadDisabledQueries(file: string): { name: string; query: string }[] {
  const lines = readFileSync(path.join(SPEC_DIR, file), 'utf8').split('\n');
  const out: { name: string; query: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^#\s*\[\[queries\]\]/.test(lines[i])) continue;
    const block: string[] = [];
    for (
      let j = i + 1;
      j < lines.length && lines[j].startsWith('#') && !/^#\s*\[\[queries\]\]/.test(lines[j]);
      j++
    ) {
      block.push(lines[j].replace(/^#/, ''));
    }
    const text = block.join('\n');
    const name = /name\s*=\s*"([^"]*)"/.exec(text)?.[1] ?? `line ${i + 1}`;
    const query = /query\s*=\s*'''([\s\S]*?)'''/.exec(text)?.[1] ?? /query\s*=\s*'([^'\n]*)'/.exec(text)?.[1];
    if (query !== undefined) out.push({ name, query });
  }
  return out;
}

describe('EQL parser: Elasticsearch spec suite', function () {
  before(function () {
    if (!existsSync(SPEC_DIR)) {
      console.warn(`EQL spec suite not found at ${SPEC_DIR}; skipping the spec-suite parse tests`);
      this.skip();
    }
  });

  it('parses and verifies every query of the suite', function () {
    const failures: string[] = [];
    let count = 0;
    for (const file of SPEC_FILES) {
      for (const spec of loadSpecFile(path.join(SPEC_DIR, file))) {
        count++;
        try {
          verify(parse(spec.query));
        } catch (error) {
          failures.push(`${file} ${spec.name}: ${(error as Error).message}`);
        }
      }
    }
    expect(failures, failures.join('\n\n')).to.deep.equal([]);
    expect(count).to.be.greaterThan(300);
  });

  it('rejects the disabled (commented-out) queries with a clear error, never a crash', function () {
    const disabled = loadDisabledQueries('test_queries.toml');
    expect(disabled.length).to.be.greaterThan(20);
    const crashes: string[] = [];
    for (const spec of disabled) {
      try {
        verify(parse(spec.query));
      } catch (error) {
        if (!(error instanceof EqlError)) crashes.push(`${spec.name}: ${String(error)}`);
      }
    }
    expect(crashes, crashes.join('\n')).to.deep.equal([]);
  });

  const rejected: [string, string][] = [
    ['process where true | unique process_name', 'EQL_UNSUPPORTED'],
    ['process where true | count', 'EQL_UNSUPPORTED'],
    ['process where true | filter serial_event_id > 6', 'EQL_UNSUPPORTED'],
    ['process where true | sort serial_event_id', 'EQL_UNSUPPORTED'],
    ['join [process where true] [file where true]', 'EQL_UNSUPPORTED'],
    ['process where descendant of [process where process_name == "cmd.exe"]', 'EQL_UNSUPPORTED'],
    ['process where child of [process where true]', 'EQL_UNSUPPORTED'],
    ['registry where event of [process where true]', 'EQL_UNSUPPORTED'],
    ['process where arraySearch(x, a, a == 1)', 'EQL_UNSUPPORTED'],
    ['process where safe(x)', 'EQL_UNSUPPORTED'],
    ['process where match(x, "a.*")', 'EQL_UNSUPPORTED'],
  ];
  for (const [query, code] of rejected) {
    it(`rejects ${query} with ${code}`, function () {
      expect(() => verify(parse(query)))
        .to.throw(EqlError)
        .with.property('code', code);
    });
  }
});
