import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const KEY = Buffer.alloc(32, 1).toString("base64");
const production = { NODE_ENV: "production", NEXTAUTH_SECRET: "s".repeat(32), ENCRYPTION_KEY: KEY };

function failure(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  throw new Error("parseEnv accepted the environment");
}

describe("parseEnv", () => {
  it("names NEXTAUTH_SECRET (and ENCRYPTION_KEY) when production lacks them", () => {
    expect(failure({ ...production, NEXTAUTH_SECRET: undefined })).toMatch(/^\s*NEXTAUTH_SECRET: is required in production$/m);
    expect(failure({ ...production, NEXTAUTH_SECRET: "" })).toMatch(/NEXTAUTH_SECRET: is required/);
    const both = failure({ NODE_ENV: "production" });
    expect(both).toMatch(/NEXTAUTH_SECRET/);
    expect(both).toMatch(/ENCRYPTION_KEY/);
    expect(parseEnv(production).NEXTAUTH_SECRET).toBe("s".repeat(32));
  });

  it("names a malformed DATABASE_URL, REDIS_URL or ENCRYPTION_KEY", () => {
    expect(failure({ DATABASE_URL: "not a url" })).toMatch(/^\s*DATABASE_URL: /m);
    expect(failure({ DATABASE_URL: "mysql://root@localhost/tminus" })).toMatch(/DATABASE_URL/);
    expect(failure({ REDIS_URL: "http://localhost:6379" })).toMatch(/REDIS_URL/);
    expect(failure({ ENCRYPTION_KEY: "c2hvcnQ=" })).toMatch(/ENCRYPTION_KEY: must be 32 bytes/);
    expect(failure({ NEXTAUTH_SECRET: "short" })).toMatch(/NEXTAUTH_SECRET: must be at least 32 characters/);
    expect(failure({ WORKER_CONCURRENCY: "0" })).toMatch(/WORKER_CONCURRENCY/);
  });

  it("refuses GITHUB_ID without GITHUB_SECRET (and the reverse)", () => {
    expect(failure({ GITHUB_ID: "abc" })).toMatch(/GITHUB_SECRET: GITHUB_ID and GITHUB_SECRET are set together/);
    expect(failure({ GITHUB_SECRET: "abc" })).toMatch(/GITHUB_SECRET/);
    expect(parseEnv({ GITHUB_ID: "abc", GITHUB_SECRET: "def" }).githubAuthEnabled).toBe(true);
    expect(parseEnv({}).githubAuthEnabled).toBe(false);
  });

  it("points GitHub sign-in at github.com unless GITHUB_URL / GITHUB_API_URL name another host", () => {
    expect(parseEnv({})).toMatchObject({ GITHUB_URL: "https://github.com", GITHUB_API_URL: "https://api.github.com" });
    expect(parseEnv({ GITHUB_URL: "https://ghe.example.com/", GITHUB_API_URL: "https://ghe.example.com/api/v3/" })).toMatchObject({
      GITHUB_URL: "https://ghe.example.com",
      GITHUB_API_URL: "https://ghe.example.com/api/v3",
    });
    expect(failure({ GITHUB_URL: "github.com" })).toMatch(/^\s*GITHUB_URL: /m);
    expect(failure({ GITHUB_API_URL: "ftp://ghe.example.com" })).toMatch(/^\s*GITHUB_API_URL: /m);
  });

  it("fills development defaults, treating empty strings as unset", () => {
    const env = parseEnv({ DATABASE_URL: "", LOG_LEVEL: "" });
    expect(env.NODE_ENV).toBe("development");
    expect(env.DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:5432/tminus");
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(env.REDIS_PREFIX).toBe("tminus");
    expect(env.NEXTAUTH_URL).toBe("http://localhost:3000");
    expect(env.LOG_LEVEL).toBe("info");
    expect(env.WORKER_CONCURRENCY).toBe(4);
    expect(env.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(env.ENCRYPTION_KEY, "base64")).toHaveLength(32);
    expect(parseEnv({ WORKER_CONCURRENCY: "8" }).WORKER_CONCURRENCY).toBe(8);
  });

  it("lets production use the development secrets only when explicitly allowed", () => {
    expect(() => parseEnv({ NODE_ENV: "production", TMINUS_ALLOW_DEV_SECRETS: "1" })).not.toThrow();
    expect(failure({ NODE_ENV: "production", TMINUS_ALLOW_DEV_SECRETS: "yes" })).toMatch(/TMINUS_ALLOW_DEV_SECRETS/);
  });

  it("refuses the development secrets on a server listening beyond loopback, even in development or when allowed", () => {
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "tminus.internal"]) {
      const message = failure({ LISTEN_HOST: host, TMINUS_ALLOW_DEV_SECRETS: "1" });
      expect(message).toMatch(new RegExp(`NEXTAUTH_SECRET: is required when listening on ${host.replace(/\./g, "\\.")} \\(not loopback\\)`));
      expect(message).toMatch(/ENCRYPTION_KEY: is required when listening/);
      expect(() => parseEnv({ LISTEN_HOST: host, NEXTAUTH_SECRET: "s".repeat(32), ENCRYPTION_KEY: KEY })).not.toThrow();
    }
    for (const host of ["127.0.0.1", "localhost", "::1", "127.0.0.5"]) expect(() => parseEnv({ LISTEN_HOST: host })).not.toThrow();
    expect(parseEnv({}).LISTEN_HOST).toBe("127.0.0.1");
  });
});
