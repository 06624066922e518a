import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The pure core (docs/architecture.md): the EQL language, value semantics, the engine, translation, the prefilter
 * and date math compute from what they are given. They import no Node.js built-in, no Elasticsearch client, no
 * logger, no module of the folders that do I/O, and read no clock, so that the same query gives the same results
 * in a test, offline, against a cluster and in the runner. test/layout/pure-core-lint.test.ts proves each rule bites.
 * `alerts` is pure too, but hashes Kibana's alert ids with `node:crypto`'s sha256: its one allowed built-in.
 */
const PURE_FOLDERS = ['eql', 'mapping', 'engine', 'translate', 'prefilter', 'time', 'exceptions'];
/** Pure folders that may import one built-in (in its `node:` form only), by folder. */
const PURE_WITH_BUILTIN = { alerts: 'crypto' };
/** The folders above the pure core's ranks (rank 4 and up in docs/architecture.md): sources, the cluster, I/O. */
const EDGE_FOLDERS = [
  'sources',
  'es',
  'output',
  'run',
  'rules',
  'generate',
  'logging',
  'store',
  'runner',
  'cli',
];
const PURE = 'pure core (docs/architecture.md)';

/** The rules of the pure core; `builtin` names the one Node.js built-in a folder may import, if any. */
const pureCoreRules = (builtin) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: builtinModules
        .filter((m) => !m.startsWith('_'))
        .map((name) => ({
          name,
          message: `${PURE} imports no Node.js built-in: take the data or a callback as a parameter.`,
        })),
      patterns: [
        {
          regex: builtin ? `^node:(?!${builtin}$)` : '^node:',
          message: `${PURE} imports no Node.js built-in: take the data or a callback as a parameter.`,
        },
        {
          regex: '^@elastic/',
          message: `${PURE} does not talk to Elasticsearch: src/sources and src/run do.`,
        },
        {
          regex: '^winston($|/)',
          message: `${PURE} does not log: return what happened (a count, a warning) and let the caller log it.`,
        },
        {
          regex: `^(\\.\\./)+(${EDGE_FOLDERS.join('|')})(/|$)`,
          message: `${PURE} imports only src/*.ts, its own folder and pure folders of a lower rank, not the I/O edge.`,
        },
      ],
    },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
      message: `${PURE} reads no clock: take \`now\` as a parameter.`,
    },
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: `${PURE} reads no clock: take \`now\` as a parameter (new Date(x) is fine).`,
    },
    {
      selector: "CallExpression[callee.name='Date']",
      message: `${PURE} reads no clock: Date() is the current time as text; take \`now\` as a parameter.`,
    },
    {
      selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']",
      message: `${PURE} reads no clock: time it from the caller.`,
    },
    {
      selector: 'ImportExpression',
      message: `${PURE} loads no module at run time: import it statically (and only what the pure core may import).`,
    },
  ],
  'no-restricted-globals': [
    'error',
    {
      name: 'process',
      message: `${PURE} reads no environment, clock or stream of the process: take what it needs as a parameter.`,
    },
  ],
});

const pureCore = [
  { files: PURE_FOLDERS.map((f) => `src/${f}/**/*.ts`), rules: pureCoreRules(null) },
  ...Object.entries(PURE_WITH_BUILTIN).map(([f, builtin]) => ({
    files: [`src/${f}/**/*.ts`],
    rules: pureCoreRules(builtin),
  })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'off',
    },
  },
  ...pureCore,
);
