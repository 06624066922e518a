/**
 * The names of what a runner writes in Elasticsearch, for one Kibana space. The alerts target is Kibana's layout by
 * default (write alias `.alerts-security.alerts-<space>` over `.internal.alerts-security.alerts-<space>-000001`),
 * so that alerts land where Security → Alerts reads them; the runner's own indices have plain names that 9.x does
 * not warn about. Every name a user gives is checked here, so a bad flag is a UserError naming it.
 */
import { UserError } from '../errors.js';

export interface AlertsNames {
  /** Where alerts are written and read: an alias (Kibana's, or the one setup creates), or a plain index. */
  alias: string;
  /** The first backing index setup creates behind the alias. */
  backingIndex: string;
  /** The index template that gives the backing indices their mapping; Kibana's own name for its layout. */
  template: string;
  /** The pattern of backing indices the template applies to (rollover's `-000002`... included). */
  indexPattern: string;
}

export interface StoreNames {
  spaceId: string;
  alerts: AlertsNames;
  /** One document per rule uuid: what a restarted runner continues from. */
  state: string;
  /** One document per execution uuid. */
  executions: string;
  gaps: string;
  /** One document per backfill id: its steps, for `backfill --resume`. */
  backfills: string;
}

export interface StoreNameOverrides {
  alerts?: string;
  state?: string;
  executions?: string;
  gaps?: string;
  backfills?: string;
}

export const DEFAULT_SPACE = 'default';
export const DEFAULT_STATE_INDEX = 'rule-runner-state';
export const DEFAULT_EXECUTIONS_INDEX = 'rule-runner-executions';
export const DEFAULT_GAPS_INDEX = 'rule-runner-gaps';
export const DEFAULT_BACKFILLS_INDEX = 'rule-runner-backfills';

/** Kibana's space ids: lowercase letters, digits, `_` and `-` (its spaces API refuses anything else). */
const SPACE_ID = /^[a-z0-9_-]+$/;

/** The alerts alias Kibana writes a space's security alerts to. */
export function kibanaAlertsAlias(spaceId: string): string {
  return `.alerts-security.alerts-${spaceId}`;
}

/**
 * Why Elasticsearch would refuse `name` as an index or alias name, or null. Its rules: lowercase, none of
 * `\ / * ? " < > | , # :` or a space, not starting with `-`, `_` or `+`, not `.` or `..`, at most 255 bytes.
 */
export function indexNameProblem(name: string): string | null {
  if (name === '') return 'is empty';
  if (name === '.' || name === '..') return 'cannot be "." or ".."';
  if (name !== name.toLowerCase()) return 'must be lowercase';
  if (/^[-_+]/.test(name)) return 'cannot start with "-", "_" or "+"';
  const bad = /[\\/*?"<>|,#: ]/.exec(name);
  if (bad) return `cannot contain "${bad[0]}"`;
  if (new TextEncoder().encode(name).length > 255) return 'is longer than 255 bytes';
  return null;
}

function checked(name: string, what: string): string {
  const problem = indexNameProblem(name);
  if (problem) throw new UserError('INDEX_NAME', `${what} "${name}" ${problem}`);
  return name;
}

function alertsNames(alias: string, spaceId: string): AlertsNames {
  if (alias === kibanaAlertsAlias(spaceId))
    return {
      alias,
      backingIndex: `.internal${alias}-000001`,
      template: `${alias}-index-template`,
      indexPattern: `.internal${alias}-*`,
    };
  return {
    alias,
    backingIndex: `${alias}-000001`,
    template: `${alias}-index-template`,
    indexPattern: `${alias}-0*`,
  };
}

/**
 * The names for `spaceId` (default `default`), each override checked: `--alerts-index`, and the state, execution
 * log and gaps indices.
 */
export function storeNames(spaceId: string = DEFAULT_SPACE, overrides: StoreNameOverrides = {}): StoreNames {
  if (!SPACE_ID.test(spaceId))
    throw new UserError(
      'SPACE_ID_INVALID',
      `--space "${spaceId}" is not a Kibana space id (lowercase letters, digits, "_" and "-")`,
    );
  const alias = checked(overrides.alerts ?? kibanaAlertsAlias(spaceId), '--alerts-index');
  const alerts = alertsNames(alias, spaceId);
  checked(alerts.backingIndex, `the backing index of --alerts-index ${alias}:`);
  return {
    spaceId,
    alerts,
    state: checked(overrides.state ?? DEFAULT_STATE_INDEX, 'the run-state index'),
    executions: checked(overrides.executions ?? DEFAULT_EXECUTIONS_INDEX, 'the execution-log index'),
    gaps: checked(overrides.gaps ?? DEFAULT_GAPS_INDEX, 'the gaps index'),
    backfills: checked(overrides.backfills ?? DEFAULT_BACKFILLS_INDEX, 'the backfills index'),
  };
}
