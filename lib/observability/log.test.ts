import { afterEach, describe, expect, it, vi } from "vitest";
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

describe("log lines", () => {
  const out = process.stdout.write;
  const err = process.stderr.write;
  let lines: { stream: "stdout" | "stderr"; text: string }[] = [];
  const capture = () => {
    lines = [];
    process.stdout.write = ((chunk: string) => lines.push({ stream: "stdout", text: chunk }) > 0) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => lines.push({ stream: "stderr", text: chunk }) > 0) as typeof process.stderr.write;
  };
  afterEach(() => {
    process.stdout.write = out;
    process.stderr.write = err;
  });

  it("are one JSON object per line: ts (ISO time), level and msg first, then the fields; warn and error on stderr", () => {
    capture();
    log.info("job.done", { job: "target.probe", ms: 12 });
    log.warn("outbox.slow", { pending: 3 });
    log.error("health.failed", { part: "database", error: new Error("connect ECONNREFUSED") });
    process.stdout.write = out;
    process.stderr.write = err;
    expect(lines.map((l) => l.stream)).toEqual(["stdout", "stderr", "stderr"]);
    for (const { text } of lines) {
      expect(text.endsWith("\n")).toBe(true);
      expect(text.slice(0, -1)).not.toContain("\n");
    }
    const parsed = lines.map((l) => JSON.parse(l.text));
    expect(parsed.map((p) => Object.keys(p).slice(0, 3))).toEqual([["ts", "level", "msg"], ["ts", "level", "msg"], ["ts", "level", "msg"]]);
    for (const p of parsed) expect(new Date(p.ts).toISOString()).toBe(p.ts);
    expect(parsed[0]).toMatchObject({ level: "info", msg: "job.done", job: "target.probe", ms: 12 });
    expect(parsed[1]).toMatchObject({ level: "warn", msg: "outbox.slow", pending: 3 });
    expect(parsed[2]).toMatchObject({ level: "error", msg: "health.failed", part: "database", error: { name: "Error", message: "connect ECONNREFUSED" } });
  });

  it("keep a message with newlines and quotes on its one line", () => {
    capture();
    log.info('deploy "1.4.0"\nfailed', { output: "line 1\nline 2\r\n" });
    process.stdout.write = out;
    expect(lines).toHaveLength(1);
    expect(lines[0].text.slice(0, -1)).not.toMatch(/[\r\n]/);
    expect(JSON.parse(lines[0].text)).toMatchObject({ msg: 'deploy "1.4.0"\nfailed', output: "line 1\nline 2\r\n" });
  });

  it("cannot have ts, level or msg replaced by a field of the same name", () => {
    capture();
    log.error("deploy.failed", { level: "debug", msg: "all good", ts: "yesterday", targetId: "t1" });
    process.stderr.write = err;
    const line = JSON.parse(lines[0].text);
    expect(line).toMatchObject({ level: "error", msg: "deploy.failed", targetId: "t1" });
    expect(new Date(line.ts).toISOString()).toBe(line.ts);
  });

  it("never throw on a value JSON has no form for (BigInt counts from raw SQL)", () => {
    capture();
    expect(() => log.info("rows.counted", { rows: 12n, nested: { total: 3n } })).not.toThrow();
    process.stdout.write = out;
    expect(JSON.parse(lines[0].text)).toMatchObject({ rows: "12", nested: { total: "3" } });
  });
});

describe("LOG_LEVEL", () => {
  it("drops lines below the configured level", async () => {
    const before = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "warn";
    vi.resetModules();
    const fresh = (await import("./log")).log;
    const written: string[] = [];
    const out = process.stdout.write;
    const err = process.stderr.write;
    process.stdout.write = ((c: string) => written.push(c) > 0) as typeof process.stdout.write;
    process.stderr.write = ((c: string) => written.push(c) > 0) as typeof process.stderr.write;
    try {
      fresh.debug("a");
      fresh.info("b");
      fresh.warn("c");
      fresh.error("d");
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
      if (before === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = before;
      vi.resetModules();
    }
    expect(written.map((l) => JSON.parse(l).msg)).toEqual(["c", "d"]);
  });
});
