/** Waits `ms`, or less when aborted or woken early; leaves no listener behind (hours of tailing). */
export function sleep(ms: number, signal: AbortSignal, exposeWake?: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
    exposeWake?.(done);
  });
}
