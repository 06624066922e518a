/**
 * Seeds and bounds of the property and fuzz tests, read from the environment so that a failure reproduces and a
 * run can be made longer: every case has its own seed (the run's seed plus its number), printed when it fails.
 */
import { Prng } from '../../src/generate/prng.js';

/** A non-negative integer from the environment variable `name`, or `fallback` when it is unset. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw))
    throw new Error(`${name} must be a non-negative integer, not ${JSON.stringify(raw)}`);
  return Number(raw);
}

export interface SeededRun {
  /** The first case's seed. */
  seed: number;
  cases: number;
  /** The generator of case `i` (0-based), seeded with `seed + i`. */
  rng(i: number): Prng;
  /** How to run case `i` alone again. */
  reproduce(i: number): string;
}

/** `seedVar` and `casesVar` name the environment variables; the defaults are what the suite runs. */
export function seededRun(
  seedVar: string,
  casesVar: string,
  defaults: { seed: number; cases: number },
): SeededRun {
  const seed = envInt(seedVar, defaults.seed);
  const cases = envInt(casesVar, defaults.cases);
  return {
    seed,
    cases,
    rng: (i) => new Prng(seed + i),
    reproduce: (i) => `${seedVar}=${seed + i} ${casesVar}=1`,
  };
}
