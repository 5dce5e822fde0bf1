// Slack and Discord carry the webhook's credential in the URL's path; error text that quotes the URL (a redirect, a
// receiver echoing the request) must not carry it into the delivery log.

/** Replaces the webhook URL, its path and anything in it that looks like a token with its origin or "[redacted]". */
export function redactUrl(text: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return text.split(url).join("[redacted URL]");
  }
  const parts = [
    parsed.pathname + parsed.search,
    ...parsed.pathname.split("/").flatMap((p) => [p, safeDecode(p)]),
    ...[...parsed.searchParams.values()],
    ...[parsed.username, parsed.password].flatMap((p) => [p, safeDecode(p)]),
  ].filter((p) => p.length >= 16 || (p.length >= 6 && /\d/.test(p)) || (p.length > 1 && p.includes("/")));
  let out = [url, parsed.href].reduce((t, u) => t.split(u).join(parsed.origin), text);
  for (const part of [...new Set(parts)].sort((a, b) => b.length - a.length)) out = out.split(part).join("[redacted]");
  return out;
}

function safeDecode(text: string) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
