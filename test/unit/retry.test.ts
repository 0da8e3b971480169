import { describe, expect, it } from 'vitest';
import { retryWithBackoff } from '../../src/core/retry.js';

describe('retryWithBackoff', () => {
  it('asks again while told to, then returns what settled', async () => {
    let calls = 0;
    const value = await retryWithBackoff(5000, async () => ++calls, (o) => o.ok && o.value < 3);
    expect([value, calls]).toEqual([3, 3]);
  });
  it('a value it was told to retry stands when the time is spent', async () => {
    let calls = 0;
    const started = Date.now();
    expect(await retryWithBackoff(250, async () => ++calls, () => true)).toBe(calls);
    // 100 ms, then 200 ms would pass the 250 ms: two calls, and no waiting past the window.
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeLessThan(1000);
  });
  it('an error is thrown at once unless it is one to wait out', async () => {
    let calls = 0;
    await expect(retryWithBackoff(5000, async () => { calls++; throw new Error('no'); }, () => false)).rejects.toThrow('no');
    expect(calls).toBe(1);
    let loading = 2;
    expect(await retryWithBackoff(5000, async () => { if (loading-- > 0) throw new Error('loading'); return 'ok'; }, (o) => !o.ok && (o.error as Error).message === 'loading')).toBe('ok');
  });
});
