/**
 * Resolves once `condition` answers true, asking again every `everyMs`: a test waits on the state
 * it needs, never for a guessed time. Rejects after `ms`, saying what it waited for and the last answer.
 */
export async function until(what: string, condition: () => Promise<unknown> | unknown, ms = 20_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      last = await condition();
      if (last === true) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) throw new Error(`waited ${ms} ms for ${what}; last answer: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
