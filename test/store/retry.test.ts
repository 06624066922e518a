/** The backoff of store writes: full jitter under an exponential cap, and a delay that an abort cuts short. */
import { expect } from 'chai';
import { Prng } from '../../src/generate/prng.js';
import { backoffMs, DEFAULT_RETRY, isTransientStatus, sleep } from '../../src/store/retry.js';

describe('store retry backoff', () => {
  it('draws each delay in [0, min(max, base·2^(retry−1))), reaching near the cap', () => {
    const rng = new Prng(7);
    for (let i = 0; i < 2_000; i++) {
      const base = rng.range(1, 1_000);
      const max = rng.range(base, 60_000);
      const retry = rng.range(1, 20);
      const policy = { ...DEFAULT_RETRY, baseDelayMs: base, maxDelayMs: max, random: () => rng.float() };
      const cap = Math.min(max, base * 2 ** (retry - 1));
      const d = backoffMs(policy, retry);
      expect(d).to.be.at.least(0);
      expect(d).to.be.below(cap);
      expect(backoffMs({ ...policy, random: () => 0.9999999 }, retry)).to.equal(Math.floor(0.9999999 * cap));
    }
  });

  it('retries 429 and 5xx only', () => {
    const transient = [429, 500, 502, 503, 504].filter(isTransientStatus);
    expect(transient).to.deep.equal([429, 500, 502, 503, 504]);
    expect([400, 401, 403, 404, 409, 413].filter(isTransientStatus)).to.deep.equal([]);
  });

  it('a sleep ends at once when its signal aborts, with the abort’s reason', async () => {
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(new Error('stop')), 20);
    const err = await sleep(60_000, ac.signal).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as Error).message).to.equal('stop');
    expect(Date.now() - started).to.be.below(5_000);
  });
});
