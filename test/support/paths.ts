import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from dist/test/..., so three levels up from this compiled file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Elasticsearch's EQL QA suite beside the repo (read-only); EQL_SPEC_DIR overrides. */
export const SPEC_DIR = process.env.EQL_SPEC_DIR ?? resolve(REPO_ROOT, '..', 'shared', 'eql-spec');
export const EXCLUSIONS_FILE_PATH = join(REPO_ROOT, 'conformance', 'exclusions.toml');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
