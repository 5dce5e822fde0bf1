// Browsers drop tabs and newlines from URLs and read "\" as "/", so "/\t/evil.example" navigates to //evil.example.
// Any control character, whitespace or backslash makes a callback untrusted rather than "cleaned".
const UNSAFE = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff\\]/;

/** A same-origin path or absolute URL on `origin`, reduced to path + query + hash; anything else is null. */
export function sameOriginPath(raw: string, origin: string | null): string | null {
  if (!raw || UNSAFE.test(raw)) return null;
  if (raw.startsWith("/")) return raw.startsWith("//") ? null : raw;
  if (!origin) return null;
  try {
    const url = new URL(raw);
    return url.origin === origin ? url.pathname + url.search + url.hash : null;
  } catch {
    return null;
  }
}

/** Only same-site paths, so ?callbackUrl cannot send a signed-in user to another origin. */
export function safeCallback(raw: string | undefined | null, fallback = "/projects"): string {
  const origin = typeof window !== "undefined" ? window.location.origin : null;
  return (raw ? sameOriginPath(raw, origin) : null) ?? fallback;
}

/** next-auth's `redirect` callback: the same rule on the server, answered as an absolute URL on baseUrl. */
export function safeRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  const path = sameOriginPath(url, new URL(baseUrl).origin);
  return `${baseUrl.replace(/\/+$/, "")}${path ?? "/projects"}`;
}
