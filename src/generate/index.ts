/**
 * Synthetic Elastic Defend macOS events: the benchmarks' and tests' generator (count-based, generator.ts) and the
 * first-run sample that `rule-runner generate` writes (time-bounded, sample.ts).
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
export {
  sampleEvents,
  sampleFileName,
  SampleStream,
  FIRST_RUN_LOOKBACK_MS,
  NEAR_MISS_KINDS,
  SAMPLE_DEFAULTS,
  SAMPLE_FILE,
  type NearMissKind,
  type SampleManifest,
  type SampleOptions,
  type SampleTruePositive,
} from './sample.js';
export { sampleFilesIn, writeSample, type SampleFile, type WrittenSample } from './write-sample.js';
export { sampleReport } from './sample-report.js';
