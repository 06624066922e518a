/**
 * Imports run one way (docs/architecture.md). Each folder of src/ has a rank; a file may import
 *   - files of its own folder (src/eql/syntax and src/eql/verify are both `eql`: the folder is the first level),
 *   - files of a folder of a lower rank (src/*.ts at the root are rank 0),
 *   - files of a folder of the same rank only where SAME_RANK names the pair (none otherwise: two folders at one
 *     rank are peers that know nothing of each other),
 * and nothing outside src/ (test/, tools/, bench/ use src/, never the other way). Type-only imports count: a type
 * ties a folder to another's design as much as a value. With ranks only falling and SAME_RANK acyclic, the
 * folders' graph has no cycle; the test checks that too, so that a pair added to SAME_RANK cannot make one.
 *
 * A new folder gets a rank here and in docs/architecture.md's table, or the test fails naming it.
 */
import { expect } from 'chai';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

interface LayoutRules {
  /** Folder (first level under src/, `.` for src/*.ts) → rank. */
  ranks: Record<string, number>;
  /** `from→to` pairs of folders of the same rank that may import each other that way, with why. */
  sameRank: Record<string, string>;
}

const RULES: LayoutRules = {
  ranks: {
    '.': 0,
    mapping: 1,
    eql: 2,
    time: 2,
    engine: 3,
    translate: 3,
    prefilter: 3,
    sources: 4,
    es: 4,
    output: 4,
    exceptions: 4,
    alerts: 4,
    run: 5,
    rules: 5,
    generate: 5,
    logging: 5,
    store: 5,
    runner: 6,
    cli: 7,
  },
  sameRank: {
    'sources→es': 'the cluster sources page through the client and read its errors',
    'run→logging': 'a run is handed a Logger',
    'rules→logging': 'a rule is run with a Logger',
    'store→logging': 'a store reports retries to a Logger',
  },
};

interface Import {
  /** Path under src/ of the importing file, with `/`. */
  from: string;
  line: number;
  specifier: string;
  /** Path under src/ of the imported file (`.js` read as `.ts`), or `../…` when it is outside src/. */
  to: string;
}

/** Every relative import and export-from of the .ts files under `srcDir`, dynamic imports and `import type` included. */
function readImports(srcDir: string): Import[] {
  const imports: Import[] = [];
  for (const file of tsFiles(srcDir)) {
    const text = readFileSync(file, 'utf8');
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), ref.fileName.replace(/\.js$/, '.ts'));
      imports.push({
        from: toPosix(relative(srcDir, file)),
        line: lineAt(text, ref.pos),
        specifier: ref.fileName,
        to: toPosix(relative(srcDir, target)),
      });
    }
  }
  return imports;
}

function* tsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* tsFiles(path);
    else if (name.endsWith('.ts')) yield path;
  }
}

const lineAt = (text: string, pos: number) => text.slice(0, pos).split('\n').length;

const toPosix = (p: string) => p.split(sep).join('/');

/** The folder a path under src/ belongs to: its first segment, `.` for a file at the root. */
function folderOf(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

const shownFolder = (f: string) => (f === '.' ? 'src/*.ts' : `src/${f}`);

/** The broken rules, one message each naming the file, the import and the rule. */
function layoutViolations(imports: Import[], rules: LayoutRules): string[] {
  const problems: string[] = [];
  const edges = new Map<string, Set<string>>();
  const unranked = new Set<string>();
  for (const imp of imports) {
    const where = `src/${imp.from}:${imp.line} imports '${imp.specifier}'`;
    const a = folderOf(imp.from);
    if (imp.to.startsWith('../')) {
      problems.push(`${where}, outside src/: src/ imports nothing of test/, tools/ or bench/`);
      continue;
    }
    const b = folderOf(imp.to);
    for (const f of [a, b])
      if (rules.ranks[f] === undefined && !unranked.has(f)) {
        unranked.add(f);
        problems.push(
          `${shownFolder(f)} has no rank: give it one in test/layout/import-direction.test.ts and docs/architecture.md`,
        );
      }
    if (a === b || rules.ranks[a] === undefined || rules.ranks[b] === undefined) continue;
    const ra = rules.ranks[a]!;
    const rb = rules.ranks[b]!;
    if (rb > ra || (rb === ra && rules.sameRank[`${a}→${b}`] === undefined))
      problems.push(
        `${where} (${shownFolder(b)}, rank ${rb}) but ${shownFolder(a)} is rank ${ra}: a folder imports only its ` +
          `own files and lower ranks${rb === ra ? ', and a same-rank folder only where SAME_RANK allows it' : ''} ` +
          `(docs/architecture.md)`,
      );
    let to = edges.get(a);
    if (!to) edges.set(a, (to = new Set()));
    to.add(b);
  }
  for (const cycle of folderCycles(edges))
    problems.push(`the folders import each other in a cycle: ${cycle.map(shownFolder).join(' → ')}`);
  return problems;
}

/** One cycle per strongly connected group of folders, as a path back to its start (depth-first search). */
function folderCycles(edges: Map<string, Set<string>>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]): void => {
    const at = path.indexOf(node);
    if (at >= 0) {
      cycles.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of [...edges.keys()].sort()) visit(node, []);
  return cycles;
}

describe('layout: imports run one way between the folders of src/', () => {
  const imports = readImports(join(REPO_ROOT, 'src'));

  it('src/ follows the rank table', () => {
    expect(imports.length, 'imports found under src/').to.be.greaterThan(100);
    expect(layoutViolations(imports, RULES), 'imports against the rank table').to.deep.equal([]);
  });

  it('SAME_RANK pairs are of one rank', () => {
    const wrong = Object.keys(RULES.sameRank).filter((pair) => {
      const [a, b] = pair.split('→') as [string, string];
      return RULES.ranks[a] === undefined || RULES.ranks[a] !== RULES.ranks[b];
    });
    expect(wrong).to.deep.equal([]);
  });

  describe('the check itself', () => {
    const imp = (from: string, to: string, specifier = `./${to}`): Import => ({
      from,
      to,
      specifier,
      line: 3,
    });
    const rules: LayoutRules = { ranks: { '.': 0, low: 1, mid: 2, peer: 2, top: 3 }, sameRank: {} };

    it('takes own-folder, lower-rank and root imports', () => {
      const ok = [
        imp('mid/a.ts', 'mid/sub/b.ts'),
        imp('mid/sub/b.ts', 'low/c.ts'),
        imp('top/d.ts', 'errors.ts'),
        imp('errors.ts', 'position.ts'),
        imp('top/d.ts', 'low/c.ts'),
      ];
      expect(layoutViolations(ok, rules)).to.deep.equal([]);
    });

    it('names the file, the import and the rule of an upward import', () => {
      expect(layoutViolations([imp('low/c.ts', 'mid/a.ts', '../mid/a.js')], rules)).to.deep.equal([
        "src/low/c.ts:3 imports '../mid/a.js' (src/mid, rank 2) but src/low is rank 1: a folder imports only its own " +
          'files and lower ranks (docs/architecture.md)',
      ]);
      expect(layoutViolations([imp('errors.ts', 'low/c.ts')], rules)).to.have.length(1);
    });

    it('refuses a same-rank import unless SAME_RANK allows it, and finds a cycle SAME_RANK would allow', () => {
      const across = [imp('mid/a.ts', 'peer/p.ts')];
      expect(layoutViolations(across, rules)[0]).to.match(/only where SAME_RANK allows it/);
      expect(layoutViolations(across, { ...rules, sameRank: { 'mid→peer': 'why' } })).to.deep.equal([]);
      const both = { ...rules, sameRank: { 'mid→peer': 'why', 'peer→mid': 'why not' } };
      expect(layoutViolations([...across, imp('peer/p.ts', 'mid/a.ts')], both)).to.deep.equal([
        'the folders import each other in a cycle: src/mid → src/peer → src/mid',
      ]);
    });

    it('names a folder without a rank, and an import leaving src/', () => {
      expect(layoutViolations([imp('new/x.ts', 'low/c.ts')], rules)).to.deep.equal([
        'src/new has no rank: give it one in test/layout/import-direction.test.ts and docs/architecture.md',
      ]);
      expect(layoutViolations([imp('top/d.ts', '../tools/t.ts', '../../tools/t.js')], rules)[0]).to.match(
        /outside src\//,
      );
    });

    it('reads import, export-from, import type and import() from source text, with their lines', () => {
      const t = tempDir();
      try {
        t.file('root.ts', '');
        mkdirSync(join(t.dir, 'low'));
        t.file(
          'low/all.ts',
          [
            "import { a } from '../root.js';",
            "import type { B } from './b.js';",
            "export { c } from '../mid/c.js';",
            "// import { no } from './comment.js';",
            "const d = await import('../top/d.js');",
            'const s = "import { no } from \'./string.js\'";',
            "import { readFileSync } from 'node:fs';",
          ].join('\n'),
        );
        expect(readImports(t.dir).map((i) => `${i.line} ${i.specifier} ${i.to}`)).to.deep.equal([
          '1 ../root.js root.ts',
          '2 ./b.js low/b.ts',
          '3 ../mid/c.js mid/c.ts',
          '5 ../top/d.js top/d.ts',
        ]);
      } finally {
        t.remove();
      }
    });
  });
});
