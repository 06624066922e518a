/**
 * The state, executions and gaps the status tests seed, the same in memory and in Elasticsearch, and the flags
 * that point `setup` and `status` at a test's own stores.
 */
import type { StoreNames } from '../../src/store/names.js';
import type { Stores } from '../../src/store/stores.js';
import { execution } from '../store/store-contract.js';

export async function seedStatus(stores: Stores): Promise<void> {
  await stores.state.put({
    ruleUuid: 'uuid-alpha',
    ruleId: 'alpha',
    name: 'Alpha installer spawns network',
    lastStartedAt: '2026-03-01T10:05:00.000Z',
    lastSucceededAt: '2026-03-01T10:00:00.000Z',
    lastStatus: 'partial failure',
    lastExecutionUuid: 'ex-a3',
    lastMessage:
      'This rule reached the maximum alert limit for the rule execution. Some alerts were not created.',
    updatedAt: '2026-03-01T10:05:03.000Z',
  });
  await stores.state.put({
    ruleUuid: 'uuid-beta',
    ruleId: 'beta',
    name: 'Beta credential access',
    lastStartedAt: '2026-03-01T10:04:00.000Z',
    lastSucceededAt: '2026-03-01T10:04:00.000Z',
    lastStatus: 'succeeded',
    updatedAt: '2026-03-01T10:04:01.000Z',
  });
  const alpha = { ruleUuid: 'uuid-alpha', ruleId: 'alpha', ruleName: 'Alpha installer spawns network' };
  for (const [i, minute, status] of [
    [1, '09:55', 'succeeded'],
    [2, '10:00', 'succeeded'],
    [3, '10:05', 'partial failure'],
  ] as const)
    await stores.log.write(
      execution({
        ...alpha,
        executionUuid: `ex-a${i}`,
        startedAt: `2026-03-01T${minute}:00.000Z`,
        window: { start: `2026-03-01T${minute}:00.000Z`, end: `2026-03-01T${minute}:00.000Z` },
        status,
        warnings: status === 'partial failure' ? ['max_signals reached: 3 matches not written'] : [],
        counts: {
          eventsScanned: 100 * i,
          matches: i,
          alertsCreated: i,
          duplicatesSkipped: 1,
          truncated: i === 3 ? 3 : 0,
          writeFailures: 0,
        },
        durations: { searchMs: 10 * i, indexingMs: 5, totalMs: 20 * i },
      }),
    );
  await stores.log.write(
    execution({
      ruleUuid: 'uuid-beta',
      ruleId: 'beta',
      ruleName: 'Beta credential access',
      executionUuid: 'ex-b1',
      status: 'succeeded',
      startedAt: '2026-03-01T10:04:00.000Z',
    }),
  );
  // a rule with executions and no state yet (run-once)
  await stores.log.write(
    execution({
      ruleUuid: 'uuid-gamma',
      ruleId: 'gamma',
      ruleName: 'Gamma once',
      executionUuid: 'ex-g1',
      executionType: 'manual',
      status: 'failed',
      error: 'An error occurred during rule execution: message: "boom"',
      startedAt: '2026-03-01T09:00:00.000Z',
    }),
  );
  await stores.gaps.record({
    id: 'gap-alpha-1',
    ruleUuid: 'uuid-alpha',
    ruleId: 'alpha',
    range: { gte: '2026-03-01T08:00:00.000Z', lte: '2026-03-01T08:11:00.000Z' },
    status: 'unfilled',
    filledIntervals: [],
    recordedAt: '2026-03-01T09:55:00.000Z',
  });
}

/** The cluster and store-name flags for `names` on the test node. */
export function storeArgs(n: StoreNames): string[] {
  return [
    '--es-url',
    process.env.ES_URL!,
    '--space',
    n.spaceId,
    '--state-index',
    n.state,
    '--executions-index',
    n.executions,
    '--gaps-index',
    n.gaps,
  ];
}
