import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { EqlError, parse, verify } from '../../src/eql/index.js';
import { loadDisabledQueries, loadSpecQueries, SPEC_FILES, specDir } from './spec-files.js';

describe('EQL parser: Elasticsearch spec suite', function () {
  before(function () {
    if (!existsSync(specDir)) {
      console.warn(`EQL spec suite not found at ${specDir}; skipping the spec-suite parse tests`);
      this.skip();
    }
  });

  it('parses and verifies every query of the suite', function () {
    const failures: string[] = [];
    let count = 0;
    for (const file of SPEC_FILES) {
      for (const spec of loadSpecQueries(file)) {
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
