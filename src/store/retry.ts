/**
 * Backoff for transient write failures (429, 5xx, a lost connection): exponential with full jitter, a bounded
 * number of attempts. The delay and the random source are injectable so that tests retry at once and
 * deterministically; the default delay honours an AbortSignal, so a cancelled run does not sit out a backoff.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 5). */
  maxAttempts: number;
  /** The cap of the first retry's delay (default 200 ms); it doubles for each later retry, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Waits `ms`; rejects when `signal` aborts. */
  delay: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1). */
  random: () => number;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const t = setTimeout(done, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  delay: sleep,
  random: Math.random,
};

/** The delay before retry number `retry` (1 for the first): uniform in [0, min(max, base·2^(retry−1))). */
export function backoffMs(policy: RetryPolicy, retry: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(policy.random() * cap);
}

/** Statuses worth another attempt: too many requests, and the server's own failures. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
