import type { MatcherStats } from '../results.js';

export function emptyStats(): MatcherStats {
  return {
    eventsSeen: 0,
    stageHits: 0,
    rejectedByMaxspan: 0,
    rejectedByUntil: 0,
    expiredByMaxspan: 0,
    rejectedByMissing: 0,
    partialsAlive: 0,
    partialsAlivePeak: 0,
    completed: 0,
  };
}
