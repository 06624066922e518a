import { expect } from 'chai';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const rule = (over: Record<string, unknown> = {}) => ({
  rule_id: 'r',
  name: 'R',
  description: 'd',
  type: 'eql',
  risk_score: 1,
  severity: 'low',
  query: 'process where true',
  ...over,
});
const ref = (list_id: string) => ({
  id: `so-${list_id}`,
  list_id,
  type: 'detection',
  namespace_type: 'single',
});
const item = (item_id: string, entries: unknown[]) => ({
  item_id,
  list_id: 'shared',
  name: item_id,
  type: 'simple',
  namespace_type: 'single',
  entries,
});
const ndjson = (...docs: unknown[]) => docs.map((d) => JSON.stringify(d)).join('\n') + '\n';

describe('rule-runner validate: exception lists and items of an export', () => {
  const t = tempDir();
  after(() => t.remove());

  it('warns of a list not found and of a value list, and exits 0', async () => {
    const f = t.file(
      'export.ndjson',
      ndjson(
        rule({ exceptions_list: [ref('shared'), ref('gone')] }),
        item('ips', [
          { type: 'list', field: 'source.ip', operator: 'included', list: { id: 'bad', type: 'ip' } },
        ]),
        { exported_count: 2, missing_rules: [] },
      ),
    );
    const r = await runCli(['validate', f]);
    expect(r.code, r.stdout).to.equal(0);
    expect(r.stdout).to.include(
      `warning: ${f}:1 (r): [RULE_EXCEPTIONS] exception list "gone" (namespace_type single)`,
    );
    expect(r.stdout).to.include(
      `warning: ${f}:1 (r): [RULE_EXCEPTIONS] exception item "ips" of list "shared"`,
    );
    expect(r.stdout).to.match(/\n1 valid, 0 invalid\n$/);
  });

  it('reports a malformed item by line, item_id and field, exit 2, and still counts the rule valid', async () => {
    const f = t.file(
      'bad-item.ndjson',
      ndjson(
        rule({ exceptions_list: [ref('shared')] }),
        item('bad', [{ type: 'match_any', field: 'user.name', operator: 'included', value: [] }]),
      ),
    );
    const r = await runCli(['validate', f, '--json']);
    expect(r.code).to.equal(2);
    const report = JSON.parse(r.stdout) as {
      valid: number;
      invalid: number;
      problems: Array<{ origin: string; code: string; field: string; message: string }>;
      warnings: Array<{ message: string }>;
    };
    expect([report.valid, report.invalid]).to.deep.equal([1, 1]);
    expect(report.problems).to.have.length(1);
    expect(report.problems[0]).to.include({
      origin: `${f}:2`,
      code: 'EXCEPTION_INVALID',
      field: 'entries[0].value',
    });
    expect(report.problems[0]!.message).to.match(/^exception item "bad": entries\[0\]\.value: Too small/);
    expect(report.warnings.map((w) => w.message)).to.deep.equal([
      'exception list "shared": 1 malformed item is not applied',
    ]);
  });
});
