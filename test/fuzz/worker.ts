/**
 * Runs fuzz cases `from`..`to` of one kind in a worker thread, posting `start` and `end` for each, so that the test
 * can stop a case that hangs (synchronous code cannot be interrupted otherwise) and go on after it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isUserError } from '../../src/errors.js';
import { fuzzCase, type Kind } from './cases.js';
import { loadCorpus } from './corpus.js';
import { KNOWN_CRASHES } from './known-crashes.js';

export interface WorkerInput {
  kind: Kind;
  seed: number;
  from: number;
  to: number;
  dir: string;
}

export type Outcome =
  | { result: 'ok' }
  | { result: 'user'; code: string }
  | { result: 'excluded'; name: string; input: string }
  | { result: 'internal'; error: string; input: string };

export type WorkerMessage = { type: 'start'; i: number } | { type: 'end'; i: number; outcome: Outcome };

/** A user error names what is wrong with a stable code and a message; anything else is internal. */
function classify(e: unknown, input: string): Outcome {
  if (isUserError(e) && /^[A-Z][A-Z0-9_]*$/.test(e.code) && e.message.trim() !== '')
    return { result: 'user', code: e.code };
  const known = KNOWN_CRASHES.find((k) => k.matches(e, input));
  if (known) return { result: 'excluded', name: known.name, input };
  const error =
    e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : `thrown non-error: ${String(e)}`;
  return {
    result: 'internal',
    error: isUserError(e) ? `user error without a code or message: ${error}` : error,
    input,
  };
}

const { kind, seed, from, to, dir } = workerData as WorkerInput;
const corpus = loadCorpus();
for (let i = from; i < to; i++) {
  parentPort!.postMessage({ type: 'start', i } satisfies WorkerMessage);
  const c = fuzzCase(kind, corpus, seed, i);
  let outcome: Outcome;
  try {
    const refused = await c.run(dir);
    outcome = refused ? { result: 'user', code: refused } : { result: 'ok' };
  } catch (e) {
    outcome = classify(e, c.input);
  }
  parentPort!.postMessage({ type: 'end', i, outcome } satisfies WorkerMessage);
}
