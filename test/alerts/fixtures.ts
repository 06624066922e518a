/**
 * Rules, execution contexts and matched events for the alert tests: the seed rule as rule-runner loads it, and
 * events made the way the engines hand them over (index, id, `_source`, an ordinal the alerts never read).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEvent } from '../../src/engine/event.js';
import type { MissingEvent, QueryResult } from '../../src/engine/results.js';
import type { AlertContext, AlertRule } from '../../src/alerts/types.js';
import { ruleSchema } from '../../src/rules/rule.js';
import { REPO_ROOT } from '../support/paths.js';

export const RULE_UUID = '5d1ee2ba-6a3e-4b8a-9a7e-0c1c2b3f4a5d';

let seed: Record<string, unknown> | undefined;

/** rule.json with Kibana's defaults applied, as the loader hands it on. */
export function seedRule(extra: Record<string, unknown> = {}, uuid = RULE_UUID): AlertRule {
  seed ??= JSON.parse(readFileSync(join(REPO_ROOT, 'rule.json'), 'utf8')) as Record<string, unknown>;
  return {
    uuid,
    params: ruleSchema.parse({ ...structuredClone(seed), ...extra }) as Record<string, unknown>,
  };
}

export function context(over: Partial<AlertContext> = {}): AlertContext {
  return {
    spaceId: 'default',
    executionUuid: '0b7c2a4e-1111-4c1d-9a0e-2f0e3d4c5b6a',
    executionType: 'scheduled',
    intendedTimestamp: new Date('2026-12-01T10:05:00.000Z'),
    writtenAt: new Date('2026-12-01T10:05:02.345Z'),
    kibanaVersion: '9.2.0',
    ...over,
  };
}

export function event(index: string, id: string, source: Record<string, unknown>, seq = 0): EngineEvent {
  return { index, id, source, ordinal: { ts: 0, nanos: 0, tiebreaker: null, seq } };
}

export const missing = (): MissingEvent => ({ missing: true, index: '' });

export const single = (e: EngineEvent): QueryResult => ({ kind: 'event', event: e });

export const sequence = (
  events: Array<EngineEvent | MissingEvent>,
  joinKeys: unknown[] = [],
): QueryResult => ({
  kind: 'sequence',
  joinKeys,
  events,
});

export const PROCESS_INDEX = '.ds-logs-endpoint.events.process-default-2026.12.01-000001';
export const NETWORK_INDEX = '.ds-logs-endpoint.events.network-default-2026.12.01-000001';

/** An Elastic Defend process start and the network event it leads to, on one host. */
export function installerPair(host = 'host-1'): [EngineEvent, EngineEvent] {
  const proc = event(PROCESS_INDEX, `p-${host}`, {
    '@timestamp': '2026-12-01T10:01:00.123456789Z',
    event: {
      kind: 'event',
      category: ['process'],
      type: ['start'],
      action: 'exec',
      dataset: 'endpoint.events.process',
    },
    host: { id: host, name: `${host}.local`, os: { type: 'macos', name: 'macOS' } },
    process: { name: 'bash', entity_id: 'e1', parent: { name: 'installer' } },
    user: { name: 'root' },
    data_stream: { dataset: 'endpoint.events.process', namespace: 'default', type: 'logs' },
    tags: ['a', 'b'],
  });
  const net = event(NETWORK_INDEX, `n-${host}`, {
    '@timestamp': '2026-12-01T10:01:04Z',
    event: {
      kind: 'event',
      category: ['network'],
      type: ['start'],
      action: 'connection_attempted',
      dataset: 'endpoint.events.network',
    },
    host: { id: host, name: `${host}.local`, os: { type: 'macos', name: 'macOS' } },
    process: { name: 'curl', parent: { entity_id: 'e1' } },
    destination: { ip: '203.0.113.9', port: 443 },
    user: { name: 'root' },
    data_stream: { dataset: 'endpoint.events.network', namespace: 'default', type: 'logs' },
    tags: ['b'],
  });
  return [proc, net];
}
