/**
 * Every store over one Elasticsearch client, named by `StoreNames`. The caller checks the setup first
 * (`checkSetup`), which also says whether the alerts target is an alias: then writes require it to be one, so a
 * deleted alias is an error rather than a new index with a guessed mapping.
 */
import type { Client } from '@elastic/elasticsearch';
import type { AlertsTargetKind } from './alerts-target.js';
import { esAlertStore } from './es-alerts.js';
import { esExecutionLog } from './es-execution-log.js';
import { esBackfillStore } from './es-backfills.js';
import { esGapStore } from './es-gaps.js';
import { esStateStore } from './es-state.js';
import type { StoreNames } from './names.js';
import type { RetryPolicy } from './retry.js';
import type { BackfillStore, Stores } from './stores.js';

export interface EsStoresOptions {
  alertsTarget?: AlertsTargetKind;
  /** The alerts' refresh (default `wait_for`: es-alerts.ts says why); the runner's own indices never wait. */
  refresh?: 'wait_for' | boolean;
  retry?: Partial<RetryPolicy>;
}

export function esStores(
  client: Client,
  names: StoreNames,
  options: EsStoresOptions = {},
): Stores & { backfills: BackfillStore } {
  const refresh = options.refresh ?? 'wait_for';
  return {
    alerts: esAlertStore(client, {
      target: names.alerts.alias,
      requireAlias: (options.alertsTarget ?? 'alias') === 'alias',
      refresh,
      retry: options.retry,
    }),
    state: esStateStore(client, names.state),
    log: esExecutionLog(client, names.executions),
    gaps: esGapStore(client, names.gaps),
    backfills: esBackfillStore(client, names.backfills),
  };
}
