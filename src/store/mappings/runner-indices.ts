/**
 * The mappings of the runner's own indices (run state, execution log, gaps, backfills): the fields `status` and the
 * scheduler search and sort on are mapped; free text (messages, warnings, errors) stays in `_source` only
 * (`dynamic: false`), so no message can grow the mapping or be refused for its length.
 */
import { nestFields, type FieldMap } from './field-map.js';

const keyword = { type: 'keyword' };
const date = { type: 'date' };
const long = { type: 'long' };

const STATE: FieldMap = {
  ruleUuid: keyword,
  ruleId: keyword,
  name: keyword,
  lastStartedAt: date,
  lastSucceededAt: date,
  lastStatus: keyword,
  lastExecutionUuid: keyword,
  updatedAt: date,
};

const EXECUTIONS: FieldMap = {
  executionUuid: keyword,
  ruleUuid: keyword,
  ruleId: keyword,
  ruleName: keyword,
  executionType: keyword,
  scheduledAt: date,
  startedAt: date,
  intendedTimestamp: date,
  endedAt: date,
  'window.start': date,
  'window.end': date,
  engine: keyword,
  status: keyword,
  'counts.eventsScanned': long,
  'counts.matches': long,
  'counts.alertsCreated': long,
  'counts.duplicatesSkipped': long,
  'counts.truncated': long,
  'counts.writeFailures': long,
  'durations.searchMs': long,
  'durations.indexingMs': long,
  'durations.totalMs': long,
  scheduleDelayMs: long,
  backfillId: keyword,
};

const GAPS: FieldMap = {
  id: keyword,
  ruleUuid: keyword,
  ruleId: keyword,
  'range.gte': date,
  'range.lte': date,
  status: keyword,
  'filledIntervals.gte': date,
  'filledIntervals.lte': date,
  recordedAt: date,
};

const BACKFILLS: FieldMap = {
  id: keyword,
  ruleUuid: keyword,
  ruleId: keyword,
  'range.start': date,
  'range.end': date,
  interval: keyword,
  status: keyword,
  createdAt: date,
  updatedAt: date,
  gapIds: keyword,
};

const mapping = (fields: FieldMap) => ({ dynamic: false, properties: nestFields(fields) });

export const STATE_MAPPING = mapping(STATE);
export const EXECUTIONS_MAPPING = mapping(EXECUTIONS);
export const GAPS_MAPPING = mapping(GAPS);
/** The steps stay in `_source` only: a resume reads the whole record by id. */
export const BACKFILLS_MAPPING = mapping(BACKFILLS);
