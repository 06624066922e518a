/**
 * Where each stage of a sequence sits once `with runs=N` is expanded: positive stages form the chain that events
 * extend; `![...]` stages are checked against a finished chain, between its neighbours or before/after it.
 */

export interface MissingStage {
  /** Position in the expanded stage list. */
  position: number;
  kind: 'leading' | 'between' | 'trailing';
  /** Positive index of the neighbour before (-1 for leading) and after (-1 for trailing). */
  prev: number;
  next: number;
}

export interface SequenceLayout {
  /** Per expanded stage: its positive index, or its missing index when `missing`. */
  stages: Array<{ missing: boolean; index: number }>;
  positiveCount: number;
  missing: MissingStage[];
  hasLeading: boolean;
  hasTrailing: boolean;
}

export function layoutOf(missingFlags: readonly boolean[]): SequenceLayout {
  const stages: SequenceLayout['stages'] = [];
  const missing: MissingStage[] = [];
  let positives = 0;
  for (let i = 0; i < missingFlags.length; i++) {
    if (missingFlags[i]) {
      stages.push({ missing: true, index: missing.length });
      missing.push({ position: i, kind: 'between', prev: positives - 1, next: -1 });
    } else {
      stages.push({ missing: false, index: positives++ });
    }
  }
  for (const m of missing) {
    const after = stages.slice(m.position + 1).find((s) => !s.missing);
    m.next = after ? after.index : -1;
    m.kind = m.prev < 0 ? 'leading' : m.next < 0 ? 'trailing' : 'between';
  }
  return {
    stages,
    positiveCount: positives,
    missing,
    hasLeading: missingFlags.length > 0 && missingFlags[0],
    hasTrailing: missingFlags.length > 0 && missingFlags[missingFlags.length - 1],
  };
}
