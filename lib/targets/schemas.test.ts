import { describe, expect, it } from "vitest";
import { PROVIDERS, ZTargetCreate, ZTargetUpdate, healthUrl, withoutUserinfo } from "./schemas";

describe("healthUrl", () => {
  it.each([
    ["https://example.test", "/health", "https://example.test/health"],
    ["https://example.test/", "/health", "https://example.test/health"],
    ["https://example.test/app", "/health", "https://example.test/app/health"],
    ["https://example.test/app/", "/api/health?deep=1", "https://example.test/app/api/health?deep=1"],
    ["http://localhost:3000", "/", "http://localhost:3000/"],
  ])("%s + %s → %s", (base, path, url) => expect(healthUrl(base, path)).toBe(url));

  it.each(["//evil.test/x", "/\\evil.test", "/http://evil.test/", "/../../../x", "/@evil.test"])("stays on the target's host for %j", (path) => {
    expect(new URL(healthUrl("https://example.test/app", path)).host).toBe("example.test");
  });
});

describe("target schemas", () => {
  it("fill defaults on create and keep patches partial", () => {
    expect(ZTargetCreate.parse({ name: "web", environment: "production", baseUrl: "https://example.test" })).toEqual({
      name: "web",
      environment: "production",
      baseUrl: "https://example.test",
      healthPath: "/health",
      providerKind: "none",
      providerSettings: {},
      secrets: {},
    });
    expect(ZTargetUpdate.parse({ secrets: { token: null } })).toEqual({ secrets: { token: null } });
    expect(ZTargetUpdate.safeParse({}).success).toBe(false);
  });

  it("accept only http(s) base URLs", () => {
    for (const baseUrl of ["ftp://example.test", "javascript:alert(1)", "example.test", "file:///etc/passwd"]) {
      expect(ZTargetCreate.safeParse({ name: "w", environment: "production", baseUrl }).success, baseUrl).toBe(false);
    }
  });

  it("refuse a user name or password in the base URL, naming baseUrl", () => {
    for (const baseUrl of ["https://user:pass@example.test", "https://user@example.test/app", "http://:secret@example.test"]) {
      for (const result of [
        ZTargetCreate.safeParse({ name: "w", environment: "production", baseUrl }),
        ZTargetUpdate.safeParse({ baseUrl }),
      ]) {
        expect(result.success, baseUrl).toBe(false);
        expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
          ["baseUrl", "must not contain a user name or password; put credentials in the target's secrets"],
        ]);
      }
    }
    expect(ZTargetCreate.safeParse({ name: "w", environment: "production", baseUrl: "https://example.test/@me" }).success).toBe(true);
  });

  it("strip user info from stored base URLs and leave other URLs untouched", () => {
    expect(withoutUserinfo("https://user:pass@example.test/app")).toBe("https://example.test/app");
    expect(withoutUserinfo("https://user@example.test")).toBe("https://example.test/");
    expect(withoutUserinfo("https://example.test/@me")).toBe("https://example.test/@me");
    expect(withoutUserinfo("https://example.test")).toBe("https://example.test");
  });

  it("give every provider a deploy route: settings schema and secret names", () => {
    expect(PROVIDERS.vercel.settings.safeParse({ projectId: "prj" }).success).toBe(true);
    expect(PROVIDERS.vercel.settings.safeParse({}).success).toBe(false);
    expect(PROVIDERS.vercel.secretKeys).toEqual(["token", "deployHookUrl"]);
    expect(PROVIDERS.github_actions.settings.parse({ owner: "o", repo: "r", workflow: "deploy.yml" })).toEqual({ owner: "o", repo: "r", workflow: "deploy.yml", ref: "main" });
  });
});
