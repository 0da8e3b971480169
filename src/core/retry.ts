export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Calls `attempt` again while `again` says so of what it returned or threw, pausing 100 ms,
 * doubling up to 1 s, until `withinMs` is spent; then the last outcome stands. The one backoff for
 * waiting out brokers that are settling (a coordinator loading, a leader moving).
 */
export async function retryWithBackoff<T>(withinMs: number, attempt: () => Promise<T>, again: (outcome: Outcome<T>) => boolean): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (let pauseMs = 100; ; pauseMs = Math.min(pauseMs * 2, 1000)) {
    let outcome: Outcome<T>;
    try {
      outcome = { ok: true, value: await attempt() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    if (!again(outcome) || Date.now() + pauseMs > deadline) {
      if (outcome.ok) return outcome.value;
      throw outcome.error;
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
