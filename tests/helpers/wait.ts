/** Polls until the code under test makes a condition true; bounded, so a broken fix fails instead of hanging. */
export async function waitFor<T>(fn: () => Promise<T>, done: (v: T) => boolean, attempts = 200): Promise<T> {
  let last = await fn();
  for (let i = 0; i < attempts && !done(last); i++) {
    await new Promise((r) => setTimeout(r, 100));
    last = await fn();
  }
  return last;
}
