import { isIP } from "node:net";

type Headers = Record<string, string | string[] | undefined> | undefined;

/**
 * The client's address as the trusted proxies saw it: each of `hops` proxies appends the address it received from,
 * so the Nth entry from the right is the first one a client could not have written. With no trusted proxy (0), or
 * a header shorter than that, there is no trustworthy address: null, never a shared placeholder.
 */
export function clientAddress(headers: Headers, hops: number): string | null {
  if (hops <= 0) return null;
  const raw = headers?.["x-forwarded-for"];
  const entries = [raw ?? []]
    .flat()
    .flatMap((h) => h.split(","))
    .map((h) => h.trim())
    .filter(Boolean);
  if (entries.length < hops) return null;
  const address = entries[entries.length - hops];
  return isIP(address) ? address : null;
}
