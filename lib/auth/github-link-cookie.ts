import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "../env";

// Set by POST /api/auth/github-link for a signed-in user just before signIn("github"); the GitHub callback reads it
// to know which user asked to link. Short-lived and signed, so it cannot be forged or replayed later.
export const GITHUB_LINK_COOKIE = "tminus.github-link";
const TTL_SECONDS = 600;

const sign = (payload: string) => createHmac("sha256", env.NEXTAUTH_SECRET).update(`github-link:${payload}`).digest("base64url");

export function githubLinkCookieValue(userId: string, now = Date.now()): string {
  const payload = `${userId}.${Math.floor(now / 1000) + TTL_SECONDS}`;
  return `${payload}.${sign(payload)}`;
}

/** The user id the cookie names, if its signature holds and it has not expired. */
export function readGithubLinkCookie(value: string | undefined | null, now = Date.now()): string | null {
  const [userId, expires, signature] = value?.split(".") ?? [];
  if (!userId || !expires || !signature) return null;
  const expected = Buffer.from(sign(`${userId}.${expires}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return Number(expires) * 1000 > now ? userId : null;
}

export function githubLinkSetCookie(value: string | null): string {
  const secure = env.NEXTAUTH_URL.startsWith("https://") ? "; Secure" : "";
  const life = value ? `Max-Age=${TTL_SECONDS}` : "Max-Age=0";
  return `${GITHUB_LINK_COOKIE}=${value ?? ""}; Path=/api/auth; HttpOnly; SameSite=Lax; ${life}${secure}`;
}

/** Reads one cookie from a Cookie header. */
export function cookieFrom(header: string | null, name: string): string | null {
  for (const part of header?.split(";") ?? []) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return null;
}
