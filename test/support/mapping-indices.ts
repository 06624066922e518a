/**
 * Three indices that map the same fields differently, and their events: the fixture of
 * test/cli/query-mapping-indices.test.ts and test/es/mapping-indices.test.ts.
 */

/** Mappings by index name: the timestamp's type and format, a date's format and a field's type differ. */
export const INDEX_MAPPINGS = {
  'logs-a': {
    mappings: {
      properties: {
        '@timestamp': { type: 'date' },
        day: { type: 'date', format: 'dd-MM-yyyy' },
        code: { type: 'keyword' },
        kind: { type: 'keyword' },
      },
    },
  },
  'logs-b': {
    mappings: {
      properties: {
        '@timestamp': { type: 'date', format: 'epoch_second' },
        day: { type: 'date', format: 'yyyy-MM-dd' },
        code: { type: 'long' },
        kind: { type: 'keyword' },
      },
    },
  },
  'logs-c': {
    mappings: {
      properties: {
        '@timestamp': { type: 'date_nanos' },
        day: { type: 'date', format: 'yyyy-MM-dd' },
        code: { type: 'keyword' },
        kind: { type: 'keyword' },
      },
    },
  },
} as const;

/** Events of each index, in the forms their mapping reads: 10:00:00 to 10:00:03 on 17 and 16 December 2022. */
export const EVENTS: Record<keyof typeof INDEX_MAPPINGS, Array<[string, Record<string, unknown>]>> = {
  'logs-a': [
    // a `date` keeps whole milliseconds: this sorts at 10:00:00.000, before c1
    ['a1', { '@timestamp': '2022-12-17T10:00:00.000000900Z', day: '17-12-2022', code: '07', kind: 'start' }],
    ['a2', { '@timestamp': '2022-12-17T10:00:02Z', day: '16-12-2022', code: '7', kind: 'start' }],
  ],
  'logs-b': [
    ['b1', { '@timestamp': 1671271201, day: '2022-12-17', code: 7, kind: 'end' }],
    ['b2', { '@timestamp': '1671271203', day: '2022-12-16', code: '7.0', kind: 'end' }],
  ],
  'logs-c': [
    ['c1', { '@timestamp': '2022-12-17T10:00:00.000000500Z', day: '2022-12-17', code: '8', kind: 'end' }],
  ],
};

export const QUERIES = [
  'any where true',
  'sequence by day [any where kind == "start"] [any where kind == "end"]',
  'any where code == "7"',
];
