import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { walkPaths } from '../../src/sources/files/walk-files.js';
import { tempDir } from '../support/tmp.js';

/** Small seeded PRNG (mulberry32): the same trees on every run, and the seed to replay a failure. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WANTED = /\.ndjson$/;
const wanted = (name: string) => WANTED.test(name);

/**
 * A random tree under `root`: directories, wanted and unwanted files, and links to any of them (up the tree, down,
 * sideways, to the root's parent), plus dangling links with unwanted names (which a walk passes over).
 */
function randomTree(root: string, random: () => number): void {
  const dirs = [root];
  const nodes: string[] = [];
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  mkdirSync(root);
  for (let i = 0; i < 4 + Math.floor(random() * 6); i++) {
    const d = join(pick(dirs), `d${i}`);
    mkdirSync(d);
    dirs.push(d);
  }
  for (let i = 0; i < 3 + Math.floor(random() * 8); i++) {
    const f = join(pick(dirs), random() < 0.7 ? `f${i}.ndjson` : `f${i}.txt`);
    writeFileSync(f, '');
    nodes.push(f);
  }
  nodes.push(...dirs);
  for (let i = 0; i < 1 + Math.floor(random() * 6); i++) {
    const at = pick(dirs);
    const target = random() < 0.1 ? join(root, '..') : pick(nodes);
    const name = random() < 0.5 ? `l${i}.ndjson` : `l${i}`;
    // relative or absolute, as people make them
    symlinkSync(random() < 0.5 ? relative(at, target) || '.' : target, join(at, name));
  }
  if (random() < 0.5) symlinkSync('nowhere', join(pick(dirs), 'dangling'));
}

/** What `find -L` lists under `root` that is a wanted regular file, by real path: the independent oracle. */
function findL(root: string): Set<string> {
  let out: string;
  try {
    out = execFileSync('find', ['-L', root, '-type', 'f', '-name', '*.ndjson'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (e) {
    // find exits 1 after reporting a loop, having listed the rest
    out = (e as { stdout: string }).stdout;
  }
  return new Set(
    out
      .split('\n')
      .filter(Boolean)
      .map((p) => realpathSync(p)),
  );
}

describe('walking directories (links followed, each real file once)', () => {
  it('lists exactly the real files `find -L` finds, each once, on random trees with links and loops', function () {
    const seed = Number(process.env.WALK_SEED ?? 20_260_101);
    const t = tempDir();
    try {
      for (let n = 0; n < 40; n++) {
        const random = prng(seed + n);
        // the tree's parent holds a wanted file too: a link to `..` reaches it
        const parent = join(t.dir, `t${n}`);
        mkdirSync(parent);
        writeFileSync(join(parent, 'outside.ndjson'), '');
        const root = join(parent, 'root');
        randomTree(root, random);
        const walk = walkPaths([root], wanted);
        const why = `seed ${seed + n} (WALK_SEED=${seed} replays the run), tree ${root}`;
        expect(walk.problems, why).to.deep.equal([]);
        const reals = walk.files.map((f) => realpathSync(f.path));
        expect(new Set(reals).size, `${why}: a real file listed twice`).to.equal(reals.length);
        expect(new Set(reals), why).to.deep.equal(findL(root));
        expect(
          walk.files.every((f) => !f.stream),
          why,
        ).to.equal(true);
      }
    } finally {
      t.remove();
    }
  });

  it('lists files in name order, depth first, by the path first met', () => {
    const t = tempDir();
    try {
      mkdirSync(join(t.dir, 'b'));
      for (const f of ['a.ndjson', 'b/x.ndjson', 'c.ndjson', 'B.ndjson']) writeFileSync(join(t.dir, f), '');
      symlinkSync('c.ndjson', join(t.dir, 'a0.ndjson'));
      const walk = walkPaths([t.dir], wanted);
      expect(walk.files.map((f) => relative(t.dir, f.path))).to.deep.equal([
        'B.ndjson',
        'a.ndjson',
        'a0.ndjson',
        'b/x.ndjson',
      ]);
    } finally {
      t.remove();
    }
  });

  it('tells a directory without wanted files from one whose only file cannot be read', () => {
    const t = tempDir();
    try {
      mkdirSync(join(t.dir, 'none'));
      writeFileSync(join(t.dir, 'none', 'notes.txt'), '');
      mkdirSync(join(t.dir, 'broken'));
      symlinkSync('nowhere.ndjson', join(t.dir, 'broken', 'x.ndjson'));
      const walk = walkPaths([join(t.dir, 'none'), join(t.dir, 'broken')], wanted);
      expect(walk.empty).to.deep.equal([join(t.dir, 'none')]);
      expect(walk.problems.map((p) => p.path)).to.deep.equal([join(t.dir, 'broken', 'x.ndjson')]);
    } finally {
      t.remove();
    }
  });
});
