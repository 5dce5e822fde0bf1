/** Only same-site paths, so ?callbackUrl cannot send a signed-in user to another origin. */
export function safeCallback(raw: string | undefined | null, fallback = "/projects"): string {
  if (!raw) return fallback;
  if (raw.startsWith("/") && !raw.startsWith("//") && !raw.startsWith("/\\")) return raw;
  try {
    const url = new URL(raw);
    if (typeof window !== "undefined" && url.origin === window.location.origin) return url.pathname + url.search;
  } catch {
    /* not a URL */
  }
  return fallback;
}
