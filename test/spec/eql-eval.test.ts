/**
 * Data-driven evaluator cases from test/spec/eql-eval*.toml. Each case is a condition (or value) over one event:
 *   matches = true|false   compileCondition(condition)(event)
 *   value = <v>            compileExpression(condition)(event)   (is_null = true for null)
 *   error = "<code>"       compiling throws an EqlSemanticError with that code
 * `mapping` names an entry of [mappings] (a JSON mapping body); `event` is a JSON object.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import { compileCondition, compileExpression } from '../../src/eql/evaluate/index.js';
import { EqlSemanticError } from '../../src/eql/errors.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { Schema } from '../../src/mapping/schema.js';

interface Case {
  name: string;
  condition: string;
  event?: string;
  mapping?: string;
  matches?: boolean;
  value?: unknown;
  is_null?: boolean;
  error?: string;
}

const specDir = join(dirname(fileURLToPath(import.meta.url)), '../../../test/spec');
const files = readdirSync(specDir).filter((f) => /^eql-eval.*\.toml$/.test(f));

for (const file of files) {
  const doc = parseToml(readFileSync(join(specDir, file), 'utf8')) as unknown as {
    mappings?: Record<string, string>;
    case: Case[];
  };
  describe(`spec ${file}`, () => {
    const names = new Set<string>();
    for (const c of doc.case) {
      it(c.name, () => {
        expect(names.has(c.name), `duplicate case name ${c.name}`).to.equal(false);
        names.add(c.name);
        const text = `any where ${c.condition}`;
        const schema = c.mapping ? Schema.fromMapping(JSON.parse(doc.mappings![c.mapping]!)) : undefined;
        const opts = { schema, source: text };
        const condition = () => {
          const q = parse(text).query;
          if (q.type !== 'event') throw new Error('not an event query');
          return q.condition;
        };
        if (c.error !== undefined) {
          let caught: unknown;
          try {
            compileCondition(condition(), opts);
          } catch (e) {
            caught = e;
          }
          expect(caught, 'expected a compile error').to.be.instanceOf(EqlSemanticError);
          expect((caught as EqlSemanticError).code).to.equal(c.error);
          return;
        }
        const event = JSON.parse(c.event ?? '{}') as Record<string, unknown>;
        if (c.matches !== undefined) {
          expect(compileCondition(condition(), opts)(event)).to.equal(c.matches);
        }
        if (c.value !== undefined || c.is_null) {
          const v = compileExpression(condition(), opts)(event);
          if (c.is_null) expect(v).to.equal(null);
          else expect(v).to.deep.equal(c.value);
        }
      });
    }
  });
}
