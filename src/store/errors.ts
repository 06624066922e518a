/**
 * The stores' own errors: a missing setup and a lost state race. Both are user errors (exit 2): the cure is the
 * user's (run `rule-runner setup`; run one runner per state index), not a bug.
 */
import { UserError } from '../errors.js';

/** Another writer changed a rule's state since this store read it (optimistic concurrency). */
export class StateConflictError extends UserError {
  readonly ruleUuid: string;

  constructor(ruleUuid: string, where: string) {
    super(
      'STATE_CONFLICT',
      `the state of rule ${ruleUuid} in ${where} was changed by another writer since this runner read it; ` +
        'its update was not written (two runners share this state index: run one per index, or read the state again)',
    );
    this.ruleUuid = ruleUuid;
  }
}

/** What `checkSetup` found missing, as the error that tells the user how to fix it. */
export function setupMissing(missing: string[], hint: string): UserError {
  return new UserError(
    'SETUP_MISSING',
    `Elasticsearch is not set up for rule-runner: missing ${missing.join(', ')}; run \`rule-runner setup${hint}\` first`,
  );
}
