import { existsSync, readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';

/** A spec case deliberately not run, with the reason; kept in conformance/exclusions.toml. */
export interface Exclusion {
  file: string;
  name: string;
  reason: string;
  /** Limit to one engine (`offline` or `search`); both when absent. */
  engine?: string;
  /** Limit to the run on these indices (comma-separated, as in the report label); every run when absent. */
  indices?: string;
}

export function loadExclusions(path: string): Exclusion[] {
  if (!existsSync(path)) return [];
  const doc = parseToml(readFileSync(path, 'utf8')) as { exclude?: Array<Record<string, unknown>> };
  return (doc.exclude ?? []).map((e, i) => {
    if (
      typeof e.file !== 'string' ||
      typeof e.name !== 'string' ||
      typeof e.reason !== 'string' ||
      !e.reason.trim()
    )
      throw new Error(`${path}: [[exclude]] #${i + 1} needs file, name and a reason`);
    return {
      file: e.file,
      name: e.name,
      reason: e.reason,
      engine: typeof e.engine === 'string' ? e.engine : undefined,
      indices: typeof e.indices === 'string' ? e.indices : undefined,
    };
  });
}

export function findExclusion(
  list: Exclusion[],
  file: string,
  indices: string,
  name: string,
  engine: string,
): Exclusion | undefined {
  return list.find(
    (e) =>
      e.file === file &&
      e.name === name &&
      (!e.engine || e.engine === engine) &&
      (!e.indices || e.indices === indices),
  );
}
