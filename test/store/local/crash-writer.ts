/**
 * The child of crash.test.ts: writes alert batches to the local store in `argv[2]` in a loop, batch k holding
 * `batchSize(k)` alerts `k-0`, `k-1`…, each document stamped with this writer's round (`argv[3]`), and prints
 * `k created duplicates` once batch k is committed. It runs until it is killed.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openLocalStores } from '../../../src/store/local/local-stores.js';
import { alertDoc } from '../store-contract.js';

/** A batch's size, fixed by its number: from 1 to 1,500 alerts, so that kills land inside big transactions too. */
export function batchSize(k: number): number {
  return 1 + ((k * 7_919) % 1_500);
}

async function main(dir: string, round: number): Promise<void> {
  const stores = openLocalStores(dir);
  const padding = 'x'.repeat(400);
  for (let k = 0; ; k++) {
    const docs = Array.from({ length: batchSize(k) }, (_, i) =>
      alertDoc(`${k}-${i}`, { 'test.batch': k, 'test.round': round, 'test.padding': padding }),
    );
    const r = await stores.alerts.create(docs);
    process.stdout.write(`${k} ${r.created.length} ${r.duplicates.length}\n`);
  }
}

// run only as the child: crash.test.ts imports this module for `batchSize`
const isChild =
  process.argv[1] !== undefined &&
  realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (isChild) void main(process.argv[2]!, Number(process.argv[3]));
