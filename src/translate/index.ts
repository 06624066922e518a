/** EQL → Elasticsearch Query DSL: the translator's public API. */
export type { TranslateContext, Translation } from './piece.js';
export { translateCondition, translateEventQuery } from './translate.js';
export { translateCandidates } from './candidates.js';
export { sourceFieldsFor, type SourceFieldsOptions } from './source-fields.js';
