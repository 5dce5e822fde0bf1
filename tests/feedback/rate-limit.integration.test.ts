import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrivateRedis, freePort } from "@/tests/helpers/private-redis";

// This file has a Redis of its own, so it can stop and freeze it; lib/ reads REDIS_URL and TRUSTED_PROXY_HOPS on
// first use, hence the dynamic imports after both are set. One trusted proxy: X-Forwarded-For names the client.
const privateRedis = new PrivateRedis(await freePort());
const saved = { REDIS_URL: process.env.REDIS_URL, TRUSTED_PROXY_HOPS: process.env.TRUSTED_PROXY_HOPS };
process.env.REDIS_URL = privateRedis.url;
process.env.TRUSTED_PROXY_HOPS = "1";

const { db } = await import("@/lib/db");
const { handle } = await import("@/lib/api/handler");
const { createRedis, redis, redisKey } = await import("@/lib/redis");
const { ensureFeedbackSettings, hashIp } = await import("@/lib/feedback/intake");
const { FEEDBACK_PUBLIC_ROUTES } = await import("@/lib/feedback/intake-routes");
const { createFeedbackLimiter, envLimits, setFeedbackLimiter } = await import("@/lib/feedback/rate-limit");
const { buildRequest, uid } = await import("@/tests/helpers/fixtures");
const { parseEnv } = await import("@/lib/env");

beforeAll(() => privateRedis.start());
afterAll(async () => {
  setFeedbackLimiter(undefined);
  await privateRedis.stop();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

// A clock that stands still (one second into a minute) unless a test moves it: windows never roll over mid-test.
const WINDOW = 60_000;
const start = Math.floor(Date.now() / WINDOW) * WINDOW + 1000;

async function intakeProject() {
  const project = await db.project.create({ data: { name: `Shop ${uid()}`, slug: `shop-${uid()}` } });
  return { projectId: project.id, key: (await ensureFeedbackSettings(project.id)).publicKey };
}

const route = FEEDBACK_PUBLIC_ROUTES.find((r) => r.method === "POST")!;
let n = 0;
async function post(key: string, ip: string | null) {
  const body = JSON.stringify({ type: "bug", title: `Report ${++n}`, details: "It broke." });
  const headers: Record<string, string> = { "content-type": "application/json", ...(ip ? { "x-forwarded-for": ip } : {}) };
  const res = await handle(route)(buildRequest(route, { params: { key }, rawBody: body, headers }), { params: Promise.resolve({ key }) });
  return { status: res.status, headers: res.headers, json: await res.json() };
}
async function postMany(key: string, ip: string | null, count: number) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(await post(key, ip));
  return out;
}
const items = (projectId: string) => db.feedbackItem.findMany({ where: { projectId }, orderBy: { number: "asc" } });

describe("configuration", () => {
  it("defaults to 5 and 30 a minute per address and 3000 per project, and refuses a soft limit above the hard one", () => {
    expect(parseEnv({})).toMatchObject({ FEEDBACK_SOFT_PER_MINUTE: 5, FEEDBACK_HARD_PER_MINUTE: 30, FEEDBACK_PROJECT_PER_MINUTE: 3000 });
    expect(() => parseEnv({ FEEDBACK_SOFT_PER_MINUTE: "40" })).toThrow(/FEEDBACK_SOFT_PER_MINUTE: must not be above FEEDBACK_HARD_PER_MINUTE/);
    expect(() => parseEnv({ FEEDBACK_HARD_PER_MINUTE: "many" })).toThrow(/FEEDBACK_HARD_PER_MINUTE/);
  });
});

describe("per address and project", () => {
  beforeAll(() => setFeedbackLimiter(createFeedbackLimiter({ limits: envLimits(), now: () => start })));

  it("files posts past the soft limit (5 a minute) as spam with reason rate, answering as usual", async () => {
    const { projectId, key } = await intakeProject();
    const answers = await postMany(key, "203.0.113.7", 7);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201, 201]);
    expect(answers.map((a) => a.json)).toEqual(answers.map((_, i) => ({ ref: `FB-${i + 1}`, status: "received" })));
    const stored = await items(projectId);
    expect(stored.map((i) => i.status)).toEqual(["new", "new", "new", "new", "new", "spam", "spam"]);
    expect(stored[5].spamReasons).toEqual(["rate"]);
    expect(stored.every((i) => i.ipHash === hashIp("203.0.113.7"))).toBe(true);
  });

  it("refuses posts past the hard limit (30 a minute) with 429, Retry-After and when to try again, storing nothing", async () => {
    const { projectId, key } = await intakeProject();
    const answers = await postMany(key, "198.51.100.20", 32);
    expect(answers.slice(0, 30).every((a) => a.status === 201)).toBe(true);
    for (const refused of answers.slice(30)) {
      expect(refused.status).toBe(429);
      expect(refused.json.error.code).toBe("rate_limited");
      // One second into the minute: the window has 59 seconds to go.
      expect(refused.headers.get("retry-after")).toBe("59");
      expect(refused.json.error.message).toContain("Try again in 59 seconds");
    }
    expect(await items(projectId)).toHaveLength(30);
  });

  it("counts each address and each project apart", async () => {
    const a = await intakeProject();
    const b = await intakeProject();
    await postMany(a.key, "192.0.2.1", 6);
    // Another address on the same project, and the same address on another project, start from nothing.
    await post(a.key, "192.0.2.2");
    await post(b.key, "192.0.2.1");
    const onA = await items(a.projectId);
    expect(onA.filter((i) => i.status === "spam")).toHaveLength(1);
    expect(onA.at(-1)).toMatchObject({ status: "new", ipHash: hashIp("192.0.2.2") });
    expect(await items(b.projectId)).toMatchObject([{ status: "new", ipHash: hashIp("192.0.2.1") }]);
  });

  it("without a trustworthy address counts the project as a whole: no soft limit, no address stored", async () => {
    const { projectId, key } = await intakeProject();
    // The header is shorter than the one trusted proxy: the client wrote it, so it names nobody.
    const answers = await postMany(key, null, 8);
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect((await items(projectId)).map((i) => [i.status, i.ipHash])).toEqual(Array(8).fill(["new", null]));
  });
});

describe("the project-wide ceiling", () => {
  afterAll(() => setFeedbackLimiter(undefined));

  it("refuses posts without an address past the project's ceiling, and only those", async () => {
    setFeedbackLimiter(createFeedbackLimiter({ limits: { soft: 5, hard: 30, project: 3 }, now: () => start }));
    const { projectId, key } = await intakeProject();
    const answers = await postMany(key, null, 4);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429]);
    expect(answers[3].json.error.message).toMatch(/more feedback than it can take in.*Try again in 59 seconds/);
    // An address known to the trusted proxy has buckets of its own.
    expect((await post(key, "203.0.113.50")).status).toBe(201);
    expect(await items(projectId)).toHaveLength(4);
  });
});

describe("with Redis slow or away", () => {
  it("shares one count between processes through Redis", async () => {
    const limits = { soft: 2, hard: 3, project: 100 };
    const web1 = createFeedbackLimiter({ limits, now: () => start });
    const web2 = createFeedbackLimiter({ limits, now: () => start });
    const projectId = `p-${uid()}`;
    const verdicts = [await web1.check(projectId, "h1"), await web2.check(projectId, "h1"), await web1.check(projectId, "h1"), await web2.check(projectId, "h1")];
    expect(verdicts.map((v) => [v.count, v.via, v.soft, v.refused])).toEqual([
      [1, "redis", false, false],
      [2, "redis", false, false],
      [3, "redis", true, false],
      [4, "redis", true, true],
    ]);
    expect(await redis().get(redisKey("feedback", "rate", projectId, "h1", String(Math.floor(start / WINDOW))))).toBe("4");
  });

  it("counts in this process alone when Redis cannot be reached", async () => {
    const closed = createRedis("command", `redis://127.0.0.1:${await freePort()}`);
    try {
      const limiter = createFeedbackLimiter({ limits: { soft: 1, hard: 2, project: 100 }, redis: () => closed, now: () => start });
      const verdicts = [];
      for (let i = 0; i < 3; i++) verdicts.push(await limiter.check("p", "h"));
      expect(verdicts.map((v) => [v.count, v.via, v.soft, v.refused])).toEqual([
        [1, "memory", false, false],
        [2, "memory", true, false],
        [3, "memory", true, true],
      ]);
    } finally {
      closed.disconnect();
    }
  });

  it("does not wait for a Redis that stopped answering, and asks it again after the pause", async () => {
    const pid = Number(/process_id:(\d+)/.exec(await redis().info("server"))![1]);
    let t = start;
    const limiter = createFeedbackLimiter({ limits: envLimits(), now: () => t });
    const projectId = `p-${uid()}`;
    expect((await limiter.check(projectId, "h")).via).toBe("redis");
    process.kill(pid, "SIGSTOP");
    try {
      const frozen = await limiter.check(projectId, "h");
      expect(frozen).toMatchObject({ via: "memory", count: 2, refused: false });
    } finally {
      process.kill(pid, "SIGCONT");
    }
    // Within the pause this process keeps counting alone; after it, Redis is asked again, and the larger count decides.
    expect((await limiter.check(projectId, "h")).via).toBe("memory");
    t += 1500;
    expect(await limiter.check(projectId, "h")).toMatchObject({ via: "redis", count: 4 });
  });

  it("stores every post while Redis is down, with the limits held by this process", async () => {
    setFeedbackLimiter(createFeedbackLimiter({ limits: envLimits(), now: () => start }));
    try {
      const { projectId, key } = await intakeProject();
      const before = await postMany(key, "203.0.113.99", 3);
      await privateRedis.stop();
      const during = await postMany(key, "203.0.113.99", 4);
      expect([...before, ...during].map((a) => a.status)).toEqual(Array(7).fill(201));
      // The count went on across the outage: the sixth and seventh posts of the minute are past the soft limit.
      expect((await items(projectId)).map((i) => i.status)).toEqual(["new", "new", "new", "new", "new", "spam", "spam"]);
    } finally {
      setFeedbackLimiter(undefined);
      await privateRedis.start();
    }
  });
});
