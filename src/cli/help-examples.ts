/**
 * The examples and exit codes every `--help` shows, in one table so that a command cannot ship without them:
 * test/cli/help.test.ts walks the registered commands, asserts each has its entry here, and parses every example
 * with the real flags, so an example cannot name a flag that does not exist.
 */
import type { Command } from 'commander';

export interface HelpExample {
  /** What it does, one line. */
  says: string;
  /** The command line as a user types it (environment assignments may come first). */
  line: string;
  /** Another program's command line, shown as the next step (not parsed as rule-runner's by the help test). */
  other?: true;
}

/** Every exit code the CLI returns, as main.ts and the commands set them. */
export const EXIT_CODES: ReadonlyArray<readonly [code: number, meaning: string]> = [
  [0, 'success (run-once, backfill: every execution succeeded or ended in partial failure)'],
  [1, 'internal error: a bug in rule-runner, reported with a stack trace'],
  [2, 'user error: a bad flag, query, rule, file or date, or a rule left out; the message names it'],
  [3, 'run-once, backfill: a rule execution failed or a backfill was interrupted (see its summary)'],
];

/** The codes each command can end with, beyond these, which all can. */
const COMMON_CODES = [0, 1, 2];
const MORE_CODES: Readonly<Record<string, readonly number[]>> = { 'run-once': [3], backfill: [3] };

const ES = 'ELASTICSEARCH_URL=https://es.example:9200 ELASTICSEARCH_API_KEY=$KEY';

export const PROGRAM_EXAMPLES: readonly HelpExample[] = [
  {
    says: 'the main job without a cluster: a sample, its alerts, then the schedules',
    line: 'rule-runner start',
  },
  {
    says: 'step by step: a sample in ./data/events, the seed rule over it once, the alerts kept in ./data',
    line: 'rule-runner generate',
  },
  { says: '', line: 'rule-runner run-once --rule rule.json' },
  { says: '', line: 'rule-runner alerts' },
  { says: 'run rules against a cluster on their schedules', line: `${ES} rule-runner run --rules rules/` },
  { says: 'the help of one command, with its examples', line: 'rule-runner help backfill' },
];

export const HELP_EXAMPLES: Readonly<Record<string, readonly HelpExample[]>> = {
  query: [
    {
      says: 'search exported event files (NDJSON or JSON, plain or gzipped)',
      line: `rule-runner query --events data/events 'process where process.name == "curl"'`,
    },
    {
      says: 'a sequence as a table of chosen fields',
      line: `rule-runner query --events events.ndjson.gz --format table --fields @timestamp,host.name,process.name 'sequence by host.id [process where true] [network where true]'`,
    },
    {
      says: 'the last hour of a cluster',
      line: `${ES} rule-runner query --index 'logs-endpoint.events.*' --from now-1h 'process where process.name == "osascript"'`,
    },
  ],
  validate: [
    { says: 'check every rule under a directory', line: 'rule-runner validate rules/' },
    {
      says: 'check one query against a mapping, as JSON',
      line: `rule-runner validate --mapping mapping.json --json --query 'process where process.pid > 0'`,
    },
  ],
  'run-once': [
    {
      says: 'no cluster: the rule over ./data/events, its new alerts into ./data/rule-runner.db',
      line: 'rule-runner run-once --rule rule.json',
    },
    {
      says: 'run a rule over event files and print its alerts, writing nothing',
      line: 'rule-runner run-once --rule rule.json --events data/events --dry-run',
    },
    {
      says: 'one execution of every rule against a cluster, at a given instant',
      line: `${ES} rule-runner run-once --rule rules/ --now 2026-12-01T10:05:00Z`,
    },
  ],
  setup: [
    { says: 'once per cluster, before run or run-once', line: `${ES} rule-runner setup` },
    { says: 'for the alerts of another Kibana space', line: `${ES} rule-runner setup --space soc` },
  ],
  status: [
    { says: "every rule's state and last executions", line: `${ES} rule-runner status` },
    {
      says: 'one rule, ten executions, as JSON',
      line: `${ES} rule-runner status --rule 000047bb-b27a-47ec-8b62-ef1a5d2c9e19 --limit 10 --json`,
    },
  ],
  run: [
    {
      says: 'no cluster: every rule on its schedule over the data directory, new event files picked up',
      line: 'rule-runner run --rules rules/ --data-dir /var/lib/rule-runner',
    },
    {
      says: 'the daemon, with /healthz and /metrics on port 9464',
      line: `${ES} rule-runner run --rules rules/ --metrics-port 9464`,
    },
    {
      says: 'human-readable logs, fewer rules at once',
      line: `${ES} rule-runner --log-format text run --rules rules/ --concurrency 4`,
    },
  ],
  backfill: [
    {
      says: 'the last week, as the scheduled runs would have',
      line: `${ES} rule-runner backfill --rules rules/ --from now-7d --to now`,
    },
    { says: 'fill the gaps the daemon recorded', line: `${ES} rule-runner backfill --rules rules/ --gaps` },
    {
      says: 'over event files, printing the alerts',
      line: 'rule-runner backfill --rule rule.json --events data/events --from now-24h --to now --dry-run',
    },
  ],
  gaps: [
    { says: 'every recorded gap', line: `${ES} rule-runner gaps` },
    {
      says: "one rule's gaps as JSON",
      line: `${ES} rule-runner gaps --rule 000047bb-b27a-47ec-8b62-ef1a5d2c9e19 --json`,
    },
  ],
  alerts: [
    { says: 'what the local store holds, newest last', line: 'rule-runner alerts' },
    {
      says: "one rule's alerts of the last day, as NDJSON",
      line: 'rule-runner alerts --rule 99239e7d-b0d4-46e3-8609-acafcf99f68c --since now-1d --format ndjson',
    },
  ],
  'export-alerts': [
    {
      says: "the local store's alerts as bulk NDJSON, for Kibana's alerts index",
      line: 'rule-runner export-alerts --out alerts.bulk.ndjson',
    },
    {
      says: 'then load them (ids are kept: a second load creates nothing)',
      other: true,
      line: `curl -s -H 'Content-Type: application/x-ndjson' -u elastic --data-binary @alerts.bulk.ndjson https://es.example:9200/_bulk`,
    },
  ],
  start: [
    {
      says: 'the first run: a sample in ./data/events when it has none, its alerts found, then the schedules until Ctrl-C',
      line: 'rule-runner start',
    },
    {
      says: 'your rules over your own event files, with /healthz and /metrics',
      line: 'rule-runner start --rules rules/ --data-dir /var/lib/rule-runner --metrics-port 9464',
    },
  ],
  generate: [
    { says: '24 hours of events ending now, three true positives', line: 'rule-runner generate' },
    {
      says: 'the same files on every machine',
      line: 'rule-runner generate --out /tmp/sample --end 2026-12-01T12:00:00Z --seed 7 --hours 6 --force',
    },
  ],
};

function examplesText(examples: readonly HelpExample[]): string {
  const lines = examples.flatMap((e) => [...(e.says ? [`  # ${e.says}`] : []), `  $ ${e.line}`]);
  return `\nExamples:\n${lines.join('\n')}\n`;
}

function codesText(codes: readonly number[]): string {
  const lines = EXIT_CODES.filter(([code]) => codes.includes(code)).map(
    ([code, meaning]) => `  ${code}  ${meaning}`,
  );
  return `\nExit codes:\n${lines.join('\n')}\n`;
}

/** Adds the examples and exit codes after each command's help, and the whole table of exit codes to the program's. */
export function applyHelpExamples(program: Command): void {
  program.addHelpText(
    'after',
    examplesText(PROGRAM_EXAMPLES) +
      codesText(EXIT_CODES.map(([code]) => code)) +
      '  A command ended by a signal exits as the shell shows it, 128 + the signal (130 for Ctrl-C), but\n' +
      '  `run` drains its rules on SIGINT/SIGTERM/SIGHUP and exits 0, and `backfill` on SIGINT/SIGTERM stops\n' +
      '  after its running step and exits 3.\n',
  );
  for (const command of program.commands) {
    const examples = HELP_EXAMPLES[command.name()];
    // a command missing here is caught by test/cli/help.test.ts; its help still works meanwhile
    if (!examples) continue;
    command.addHelpText(
      'after',
      examplesText(examples) + codesText([...COMMON_CODES, ...(MORE_CODES[command.name()] ?? [])]),
    );
  }
}
