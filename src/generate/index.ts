/** Synthetic Elastic Defend macOS events for benchmarks, tests and `rule-runner generate`. */
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
