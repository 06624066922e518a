/**
 * The lint rule of eslint.config.js that keeps the pure core pure bites: a file placed in each pure folder (and in a
 * sub-folder of one) with one forbidden thing gets exactly that error, the same file in src/run gets none, and what
 * the pure core may do (`new Date(x)`, its own and lower folders, date-fns) passes. The files are linted as text
 * under their would-be paths (ESLint applies the config by path), so nothing is written into src/. `alerts` may
 * import `node:crypto` (Kibana's ids are sha256 hashes) and nothing else of Node.js; no other pure folder may.
 */
import { expect } from 'chai';
import { ESLint, type Linter } from 'eslint';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths.js';

const PURE_FOLDERS = ['eql', 'mapping', 'engine', 'translate', 'prefilter', 'time', 'exceptions', 'alerts'];
const CRYPTO = `import { createHash } from 'node:crypto';\nexport const h = createHash('sha256');`;

const IMPORTS = '@typescript-eslint/no-restricted-imports';
const SYNTAX = 'no-restricted-syntax';
const GLOBALS = 'no-restricted-globals';

/** `up` is the way from the probe's folder to src/ (`../` or `../../`). */
const FORBIDDEN: { what: string; rule: string; code: (up: string) => string }[] = [
  {
    what: 'node: built-in',
    rule: IMPORTS,
    code: () => `import { readFileSync } from 'node:fs';\nexport { readFileSync };`,
  },
  { what: 'bare built-in', rule: IMPORTS, code: () => `import { join } from 'path';\nexport { join };` },
  {
    what: 'built-in sub-path',
    rule: IMPORTS,
    code: () => `import { readFile } from 'fs/promises';\nexport { readFile };`,
  },
  {
    what: 'type-only built-in',
    rule: IMPORTS,
    code: () => `import type { Readable } from 'node:stream';\nexport type R = Readable;`,
  },
  { what: 're-export of a built-in', rule: IMPORTS, code: () => `export { join } from 'node:path';` },
  {
    what: 'Elasticsearch client',
    rule: IMPORTS,
    code: () => `import { Client } from '@elastic/elasticsearch';\nexport { Client };`,
  },
  { what: 'winston', rule: IMPORTS, code: () => `import winston from 'winston';\nexport { winston };` },
  ...[
    'sources/files/walk-files',
    'es/client',
    'run/offline',
    'cli/main',
    'logging/logger',
    'output/results',
    'rules/rule',
    'generate/index',
  ].map((m) => ({
    what: `src/${m}`,
    rule: IMPORTS,
    code: (up: string) => `import * as m from '${up}${m}.js';\nexport { m };`,
  })),
  { what: 'dynamic import', rule: SYNTAX, code: () => `export const m = await import('node:fs');` },
  { what: 'Date.now()', rule: SYNTAX, code: () => `export const t = Date.now();` },
  { what: 'new Date()', rule: SYNTAX, code: () => `export const d = new Date();` },
  { what: 'Date()', rule: SYNTAX, code: () => `export const s = Date();` },
  { what: 'performance.now()', rule: SYNTAX, code: () => `export const p = performance.now();` },
  { what: 'process', rule: GLOBALS, code: () => `export const e = process.env.TZ;` },
];

const ALLOWED = (up: string) => `import { UserError } from '${up}errors.js';
import type { Schema } from '${up}mapping/schema.js';
import { addDays } from 'date-fns/addDays';
export const when = (ms: number, schema: Schema) => [new Date(ms), new Date(2024, 0, 1), addDays(ms, 1), schema];
export const text = 'Date.now() and new Date() in a string';
export { UserError };
`;

describe('layout: the pure-core lint rule', function () {
  this.timeout(120_000);
  let eslint: ESLint;
  const lint = async (relPath: string, code: string): Promise<Linter.LintMessage[]> => {
    const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, relPath) });
    return result!.messages;
  };
  const shown = (ms: Linter.LintMessage[]) =>
    ms.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`);

  before(() => {
    eslint = new ESLint({ cwd: REPO_ROOT });
  });

  for (const folder of PURE_FOLDERS)
    for (const [probe, up] of [
      [`src/${folder}/pure-probe.ts`, '../'],
      [`src/${folder}/deeper/pure-probe.ts`, '../../'],
    ] as const)
      it(`bites in ${probe}: each forbidden thing is an error of its rule, naming the pure core`, async () => {
        const missed: string[] = [];
        for (const f of FORBIDDEN) {
          const messages = await lint(probe, f.code(up));
          const hit =
            messages.length === 1 && messages[0]!.ruleId === f.rule && /pure core/.test(messages[0]!.message);
          if (!hit) missed.push(`${f.what}: ${JSON.stringify(shown(messages))}`);
        }
        expect(missed, `${probe}: forbidden things not reported as exactly one error`).to.deep.equal([]);
        expect(shown(await lint(probe, ALLOWED(up))), 'what the pure core may do').to.deep.equal([]);
      });

  it('lets src/alerts import node:crypto, and only that built-in in that form', async () => {
    for (const probe of ['src/alerts/pure-probe.ts', 'src/alerts/deeper/pure-probe.ts'])
      expect(shown(await lint(probe, CRYPTO)), probe).to.deep.equal([]);
    for (const code of [
      `import { createHash } from 'crypto';\nexport { createHash };`,
      `import { webcrypto } from 'node:crypto/webcrypto';\nexport { webcrypto };`,
      `import { randomUUID } from 'node:cryptox';\nexport { randomUUID };`,
    ]) {
      const messages = await lint('src/alerts/pure-probe.ts', code);
      expect(shown(messages), code).to.have.length(1);
      expect(messages[0]!.ruleId).to.equal(IMPORTS);
    }
    for (const folder of PURE_FOLDERS.filter((f) => f !== 'alerts')) {
      const messages = await lint(`src/${folder}/pure-probe.ts`, CRYPTO);
      expect(shown(messages), folder).to.have.length(1);
      expect(messages[0]!.ruleId).to.equal(IMPORTS);
    }
  });

  it('does not apply outside the pure core (src/run may import node: and read the clock)', async () => {
    const flagged: string[] = [];
    for (const f of FORBIDDEN) {
      const messages = await lint('src/run/pure-probe.ts', f.code('../'));
      if (messages.length > 0) flagged.push(`${f.what}: ${JSON.stringify(shown(messages))}`);
    }
    expect(flagged).to.deep.equal([]);
  });
});
