import { afterEach, describe, expect, it } from "vitest";
import { log, redact } from "./log";

describe("redact", () => {
  it("masks keys that may hold secrets, at any depth and inside arrays", () => {
    const out = redact({
      route: "targets.create",
      token: "t",
      Authorization: "Bearer x",
      cookie: "c",
      password: "p",
      deployHookUrl: "https://hook",
      apiKey: "k",
      api_key: "k",
      sshPrivateKey: "-----BEGIN",
      nested: { secrets: { token: "deep" }, list: [{ clientSecret: "s", ok: 1 }] },
    });
    expect(out).toEqual({
      route: "targets.create",
      token: "[redacted]",
      Authorization: "[redacted]",
      cookie: "[redacted]",
      password: "[redacted]",
      deployHookUrl: "[redacted]",
      apiKey: "[redacted]",
      api_key: "[redacted]",
      sshPrivateKey: "[redacted]",
      nested: { secrets: "[redacted]", list: [{ clientSecret: "[redacted]", ok: 1 }] },
    });
  });

  it("passes nothing through beyond its depth limit", () => {
    let deep: Record<string, unknown> = { token: "vercel-SECRET-deep" };
    for (let i = 0; i < 12; i++) deep = { level: deep };
    expect(JSON.stringify(redact(deep))).not.toContain("vercel-SECRET-deep");
  });

  it("leaves scalars and the input itself unchanged", () => {
    const input = { token: "x", n: 1 };
    redact(input);
    expect(input.token).toBe("x");
    for (const v of [null, undefined, 3, "token", true]) expect(redact(v)).toBe(v);
  });
});

describe("log", () => {
  const original = process.stdout.write;
  afterEach(() => {
    process.stdout.write = original;
  });

  it("writes one JSON line with the message and redacted fields", () => {
    const lines: string[] = [];
    process.stdout.write = ((chunk: string) => lines.push(chunk) > 0) as typeof process.stdout.write;
    log.info("deploy.started", { targetId: "t1", secrets: { token: "vercel-SECRET" } });
    process.stdout.write = original;
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith("\n")).toBe(true);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ level: "info", msg: "deploy.started", targetId: "t1", secrets: "[redacted]" });
    expect(lines[0]).not.toContain("vercel-SECRET");
  });
});

describe("redact keeps dates and errors readable", () => {
  it("renders a Date as ISO text and an Error with its message, still masking secret fields", () => {
    const out = redact({ at: new Date("2026-01-02T03:04:05Z"), error: Object.assign(new Error("boom"), { token: "s3cret" }) }) as any;
    expect(out.at).toBe("2026-01-02T03:04:05.000Z");
    expect(out.error.message).toBe("boom");
    expect(out.error.token).toBe("[redacted]");
  });
});
