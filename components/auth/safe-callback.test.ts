import { describe, expect, it } from "vitest";
import { safeCallback, safeRedirect, sameOriginPath } from "./safe-callback";

const ORIGIN = "http://localhost:3000";

// Known open-redirect payloads (OWASP cheat sheet, PayloadsAllTheThings) and the browser quirks they lean on.
const PAYLOADS = [
  "//evil.example",
  "///evil.example",
  "////evil.example/",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/\u0000/evil.example",
  "/\u00a0/evil.example",
  "/\u3000/evil.example",
  "/\ufeff/evil.example",
  "https://evil.example",
  "http://evil.example/projects",
  "https:evil.example",
  "https:/evil.example",
  "http://localhost:3000@evil.example",
  "http://localhost:3000.evil.example/",
  "http://evil.example#@localhost:3000",
  "https://localhost:3000/projects",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  "",
];

describe("callback URL check", () => {
  it.each(PAYLOADS)("refuses %j", (payload) => {
    expect(sameOriginPath(payload, ORIGIN)).toBeNull();
    expect(safeCallback(payload)).toBe("/projects");
    expect(safeRedirect({ url: payload, baseUrl: ORIGIN })).toBe(`${ORIGIN}/projects`);
  });

  it("keeps same-origin paths and absolute URLs on this origin, with their query and hash", () => {
    for (const path of ["/projects", "/projects/acme-web/targets?tab=staging#top", "/%2F%2Fevil.example", "/invite/abc"]) {
      expect(sameOriginPath(path, ORIGIN)).toBe(path);
      expect(safeRedirect({ url: path, baseUrl: ORIGIN })).toBe(`${ORIGIN}${path}`);
    }
    expect(sameOriginPath(`${ORIGIN}/projects?x=1`, ORIGIN)).toBe("/projects?x=1");
    expect(safeRedirect({ url: `${ORIGIN}/account`, baseUrl: ORIGIN })).toBe(`${ORIGIN}/account`);
  });

  it("falls back when there is no callback at all", () => {
    expect(safeCallback(undefined)).toBe("/projects");
    expect(safeCallback(null, "/account")).toBe("/account");
  });
});
