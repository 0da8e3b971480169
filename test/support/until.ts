/** Waits for a condition, checking every `everyMs`; fails naming it after `withinMs`. */
export async function until(what: string, condition: () => boolean | Promise<boolean>, withinMs = 60_000, everyMs = 200): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
