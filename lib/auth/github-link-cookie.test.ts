import { describe, expect, it } from "vitest";
import { cookieFrom, githubLinkCookieValue, githubLinkSetCookie, readGithubLinkCookie } from "./github-link-cookie";

describe("GitHub link cookie", () => {
  it("names the signed-in user for ten minutes", () => {
    const now = Date.UTC(2026, 0, 1);
    const value = githubLinkCookieValue("user-123", now);
    expect(readGithubLinkCookie(value, now)).toBe("user-123");
    expect(readGithubLinkCookie(value, now + 599_000)).toBe("user-123");
    expect(readGithubLinkCookie(value, now + 601_000)).toBeNull();
  });

  it("cannot be forged to name someone else or to last longer", () => {
    const [, expires, signature] = githubLinkCookieValue("user-123").split(".");
    expect(readGithubLinkCookie(`user-456.${expires}.${signature}`)).toBeNull();
    expect(readGithubLinkCookie(`user-123.${Number(expires) + 3600}.${signature}`)).toBeNull();
    for (const junk of [undefined, "", "user-123", "a.b", "a.b.c.d", `user-123.${expires}.`]) expect(readGithubLinkCookie(junk)).toBeNull();
  });

  it("is httpOnly, same-site and limited to the auth routes, and can be cleared", () => {
    expect(githubLinkSetCookie("v")).toMatch(/^tminus\.github-link=v; Path=\/api\/auth; HttpOnly; SameSite=Lax; Max-Age=600/);
    expect(githubLinkSetCookie(null)).toContain("Max-Age=0");
    expect(cookieFrom("a=1; tminus.github-link=x.y.z; b=2", "tminus.github-link")).toBe("x.y.z");
  });
});
