/** Refuses anything but a local database whose name marks it as disposable: the suite writes freely. */
export function assertDisposableDatabase(raw: string | undefined) {
  if (!raw) throw new Error("e2e: DATABASE_URL is not set; run the suite through scripts/e2e.mjs");
  const url = new URL(raw);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!["localhost", "127.0.0.1"].includes(url.hostname) || !name.startsWith("tminus_e2e")) {
    throw new Error(`e2e: refusing to run against ${url.hostname}/${name}; use a localhost database named tminus_e2e*`);
  }
  return raw;
}

export async function waitForServer(baseURL: string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(5000) })).ok) return;
    } catch {
      /* still starting */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`e2e: ${baseURL}/api/health did not answer`);
}
