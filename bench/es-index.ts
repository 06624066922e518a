/**
 * Loads generated endpoint events into Elasticsearch for the ES benchmark: one index per event category
 * (`logs-endpoint.events.process-default`, `...network-default`), ECS mappings, bulk requests of a few thousand
 * documents with a couple in flight. The document `_id` is the event's `event.id`, so results can be compared with
 * the generator's planted sequences. Indices already holding exactly this data (same generator options in the
 * mapping's `_meta`, same counts) are kept, unless `reindex`.
 */
import type { Client } from '@elastic/elasticsearch';
import type { Connection } from '../src/es/client.js';
import { endpointEventsMapping, endpointIndexFor } from '../src/generate/es-mappings.js';
import {
  generateEvents,
  toJson,
  type EcsEvent,
  type GenerateOptions,
  type PlantedSequence,
} from '../src/generate/index.js';

export interface LoadOptions {
  gen: GenerateOptions;
  reindex: boolean;
  /** Documents per bulk request; default 5000. */
  batch?: number;
  /** Bulk requests in flight; default 2. */
  concurrency?: number;
  log?: (line: string) => void;
}

export interface LoadOutcome {
  skipped: boolean;
  docs: number;
  perIndex: Record<string, number>;
  /** Wall time of the load (generation, serialisation, bulk, refresh); 0 when skipped. */
  seconds: number;
  /** NDJSON bytes sent (documents and action lines). */
  bytes: number;
  bulkRequests: number;
  retries: number;
  planted: PlantedSequence[];
  firstMs: number;
  lastMs: number;
}

const CATEGORIES = ['process', 'network'];

function categoryOf(e: EcsEvent): string {
  const c = (e.event as { category?: string[] } | undefined)?.category?.[0];
  if (c === undefined || !CATEGORIES.includes(c)) throw new Error(`unexpected event.category ${String(c)}`);
  return c;
}

/** What the indices' `_meta` records, to recognise data loaded by an earlier run with the same options. */
function metaOf(gen: GenerateOptions): Record<string, unknown> {
  return {
    generator: 'rule-runner bench/es-index',
    options: JSON.stringify({ ...gen, start: gen.start ?? null, mix: gen.mix ?? null }),
  };
}

async function existingCounts(
  client: Client,
  meta: Record<string, unknown>,
): Promise<Record<string, number> | null> {
  const names = CATEGORIES.map((c) => endpointIndexFor(c));
  const exists = await Promise.all(names.map((index) => client.indices.exists({ index })));
  if (exists.some((x) => !x)) return null;
  const mappings = (await client.indices.getMapping({ index: names })) as Record<
    string,
    { mappings?: { _meta?: Record<string, unknown> } }
  >;
  for (const n of names) if (mappings[n]?.mappings?._meta?.options !== meta.options) return null;
  const counts: Record<string, number> = {};
  for (const n of names) counts[n] = (await client.count({ index: n })).count;
  return counts;
}

export async function loadEndpointEvents(conn: Connection, opts: LoadOptions): Promise<LoadOutcome> {
  const { client } = conn;
  const log = opts.log ?? (() => {});
  const batch = opts.batch ?? 5000;
  const concurrency = opts.concurrency ?? 2;
  const meta = metaOf(opts.gen);
  const stream = generateEvents(opts.gen);
  const names = CATEGORIES.map((c) => endpointIndexFor(c));

  const have = opts.reindex ? null : await existingCounts(client, meta);
  if (have) {
    // the planted list (and the expected counts) come from replaying the generator, without serialising
    const want: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
    for (const e of stream) want[endpointIndexFor(categoryOf(e))]++;
    if (names.every((n) => have[n] === want[n])) {
      log(
        `indices already hold these ${stream.summary!.events.toLocaleString('en-US')} events: not re-indexing`,
      );
      return {
        skipped: true,
        docs: stream.summary!.events,
        perIndex: have,
        seconds: 0,
        bytes: 0,
        bulkRequests: 0,
        retries: 0,
        planted: stream.planted,
        firstMs: stream.summary!.firstMs,
        lastMs: stream.summary!.lastMs,
      };
    }
    log(`indices exist with other counts (${JSON.stringify(have)} vs ${JSON.stringify(want)}): re-indexing`);
  }

  const t0 = performance.now();
  await client.indices.delete({ index: names, ignore_unavailable: true });
  for (const index of names)
    await client.indices.create({
      index,
      settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '-1' },
      mappings: endpointEventsMapping(meta) as never,
    });

  const ndjson = `application/vnd.elasticsearch+x-ndjson; compatible-with=${conn.major}`;
  const json = `application/vnd.elasticsearch+json; compatible-with=${conn.major}`;
  let bytes = 0;
  let bulkRequests = 0;
  let retries = 0;
  const send = async (body: string, docs: number): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      let res: { errors?: boolean; items?: Array<Record<string, { status: number; error?: unknown }>> };
      try {
        res = await client.transport.request(
          {
            method: 'POST',
            path: '/_bulk',
            // only failed items come back: a 5000-item response is otherwise as big as its parsing is slow
            querystring: { filter_path: 'errors,items.*.error,items.*.status' },
            bulkBody: body,
          },
          { headers: { 'content-type': ndjson, accept: json }, requestTimeout: 120_000 },
        );
      } catch (e) {
        const status = (e as { meta?: { statusCode?: number } }).meta?.statusCode;
        if (status === 429 && attempt < 8) {
          retries++;
          await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
          continue;
        }
        throw e;
      }
      bulkRequests++;
      if (res.errors) {
        const failed = (res.items ?? []).map((i) => Object.values(i)[0]).filter((i) => i.error);
        // rejected for back-pressure: resend the whole batch (ids are fixed, so a resent document overwrites)
        if (failed.every((i) => i.status === 429) && attempt < 8) {
          retries++;
          await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
          continue;
        }
        throw new Error(
          `bulk of ${docs} documents: ${failed.length} failed, first: ${JSON.stringify(failed[0])}`,
        );
      }
      return;
    }
  };

  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  const dispatch = async (body: string, docs: number): Promise<void> => {
    bytes += Buffer.byteLength(body);
    const p = send(body, docs).catch((e: unknown) => {
      failure ??= e;
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  };

  const perIndex: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  let parts: string[] = [];
  let docs = 0;
  let nextReport = 100_000;
  for (const e of stream) {
    const index = endpointIndexFor(categoryOf(e));
    perIndex[index]++;
    const id = (e.event as { id: string }).id;
    parts.push(`{"index":{"_index":"${index}","_id":"${id}"}}\n${toJson(e)}\n`);
    if (parts.length === batch) {
      await dispatch(parts.join(''), parts.length);
      if (failure) throw failure;
      parts = [];
    }
    if (++docs === nextReport) {
      const s = (performance.now() - t0) / 1000;
      log(`  ${docs.toLocaleString('en-US')} sent, ${Math.round(docs / s).toLocaleString('en-US')} docs/s`);
      nextReport += 100_000;
    }
  }
  if (parts.length > 0) await dispatch(parts.join(''), parts.length);
  await Promise.all(inFlight);
  if (failure) throw failure;
  await client.indices.refresh({ index: names });
  await client.indices.putSettings({ index: names, settings: { refresh_interval: null as never } });
  const counts: Record<string, number> = {};
  for (const n of names) counts[n] = (await client.count({ index: n })).count;
  for (const n of names)
    if (counts[n] !== perIndex[n])
      throw new Error(`${n} holds ${counts[n]} documents, ${perIndex[n]} were sent`);
  return {
    skipped: false,
    docs,
    perIndex,
    seconds: (performance.now() - t0) / 1000,
    bytes,
    bulkRequests,
    retries,
    planted: stream.planted,
    firstMs: stream.summary!.firstMs,
    lastMs: stream.summary!.lastMs,
  };
}
