/** What every engine needs to know to run a query the same way: Elasticsearch's EQL request parameters. */
export interface QuerySettings {
  /** Default `@timestamp`. */
  timestampField: string;
  tiebreakerField?: string | null;
  /** Default `event.category`. */
  eventCategoryField: string;
  /** Maximum results; Elasticsearch's default is 10. */
  size: number;
  maxSamplesPerKey?: number;
}

export const DEFAULT_SETTINGS: QuerySettings = {
  timestampField: '@timestamp',
  tiebreakerField: null,
  eventCategoryField: 'event.category',
  size: 10,
};
