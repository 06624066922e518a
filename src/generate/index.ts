/**
 * Synthetic Elastic Defend macOS events for the benchmarks and tests. Shipped in the package because a
 * `rule-runner generate` command is planned (none exists yet).
 */
export {
  generateEvents,
  EventStream,
  DEFAULT_START,
  type GenerateOptions,
  type GeneratorSummary,
} from './generator.js';
export { toJson, type EcsEvent } from './ecs.js';
export {
  DEFAULT_MIX,
  RULE_MAXSPAN_MS,
  SCENARIOS,
  type PlantedSequence,
  type ScenarioKind,
} from './scenarios.js';
export { writeNdjson, type WriteResult } from './write-ndjson.js';
export { Prng } from './prng.js';
