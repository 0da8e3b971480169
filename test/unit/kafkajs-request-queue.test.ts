import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../../src/core/kafkajs/load.js';
import { packageFile } from '../../src/core/package-file.js';

// The kafkajs that load.ts patched: the bundled one.
const kafkajsModules = (createRequire(import.meta.url)(packageFile('dist/bundle/kafkajs.cjs')) as { modules: Record<string, () => unknown> }).modules;

interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
  destroy(): void;
}
const RequestQueue = kafkajsModules['src/network/requestQueue/index.js']!() as new (options: Record<string, unknown>) => RequestQueue;
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const queue = () => new RequestQueue({ maxInFlightRequests: 1, requestTimeout: 1000, enforceRequestTimeout: false, clientId: 'test', broker: 'b:9092', logger: quiet });

describe("kafkajs's request queue (as patched in load.ts)", () => {
  afterEach(() => vi.useRealTimers());

  it('sets no timer when nothing waits: kafkajs set a (-1 - now) ms timer after every response, which Node runs every 1 ms', () => {
    const q = queue();
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('looks at waiting requests again when the throttle ends, or after 10 ms when only the in-flight limit holds them', () => {
    vi.useFakeTimers();
    for (const [throttleMs, expectedDelay] of [[500, 500], [0, 10]]) {
      const q = queue();
      const check = vi.fn();
      q.checkPendingRequests = check;
      q.pending.push({});
      q.throttledUntil = throttleMs ? Date.now() + throttleMs : -1;
      (q as unknown as { scheduleCheckPendingRequests(): void }).scheduleCheckPendingRequests();
      vi.advanceTimersByTime(expectedDelay - 1);
      expect(check).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(check).toHaveBeenCalledTimes(1);
      q.destroy();
    }
  });
});
