// Run: node --import tsx bench/feedback-intake.ts [--direct] [--seconds=15] [--connections=50] [--rate=posts/s]
//
// Feedback intake (issue 10) under sustained load, over real HTTP: a node:http server in this process routes
// POST /api/v1/public/feedback/{key} through handle() of the route "feedback.public.submit" (what Next would call,
// without Next's own routing), and autocannon posts to it from a child process (so the generator does not share this
// event loop). Side by side, in the same run and on the same server: the HTTP stack alone (a no-op 201, after reading
// the body), and with --direct, submit() behind a minimal handler (JSON.parse and submit(): no key lookup, validation
// or rate limit), which shows what the route adds. Every post is unique (idempotency key, title) and comes from one of
// ADDRESSES client addresses (X-Forwarded-For, one trusted proxy hop), with rate limits set out of the way.
// Goal: ≥ 1,000 posts/s with p99 ≤ 100 ms. By default each connection posts again as soon as it has its answer, so
// 50 connections reach 1,000 posts/s only if answers take ≤ 50 ms on average (Little's law); --rate=1000 offers
// that rate instead (autocannon's overallRate; give enough connections) and shows the latency at it.
//
// Then a Redis outage: the bench's own Redis (started here; REDIS_URL points at it before any app module is loaded)
// is killed (SIGKILL) halfway through a run against a fresh project. Every 201/200 answer and its FB reference is
// recorded, then looked up in Postgres: "accepted N, stored N, lost 0" is the intake's promise (Postgres first).
// Needs the local PostgreSQL and redis-server; uses a scratch database, dropped at the end.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { PrivateRedis, freePort } from "../tests/helpers/private-redis";
import { machineLine, round, runMain, sleep, summarize } from "./lib/uptime-common";
import { scratchEnv } from "./lib/scratch-env";
import { dropDatabase } from "../scripts/lib/scratch.mjs";

const flag = (name: string) => process.argv.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`));
  return given ? Number(given.split("=")[1]) : fallback;
};
const SECONDS = option("seconds", 15);
const CONNECTIONS = option("connections", 50);
const RATE = option("rate", 0);
const WARMUP_SECONDS = 2;
const ADDRESSES = 5000;
const RELAY_SETTLE_MS = 6000;
const GOAL = { postsPerSecond: 1000, p99Ms: 100 };
const SELF = fileURLToPath(import.meta.url);
// Written by the public-intake work (lib/feedback/intake-routes.ts); looked up at run time so this file builds and
// runs (with the direct path standing in) on a branch that does not have it yet.
const ROUTES_MODULE = "../lib/feedback/intake-routes";

// ——— the load generator (child process) ———

type GeneratorConfig = { url: string; connections: number; seconds: number; rate: number; record: boolean; runId: string };
/** [ms since start, status, ref (201/200), idempotency key, latency ms] */
type Answer = [number, number, string | null, string, number];
type Figures = {
  posts: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Answers other than 2xx by status, with the first body seen for each. */
  refused: Record<string, { count: number; sample: string }>;
  generatorCpu: number;
};

const TYPES = ["bug", "idea", "question", "praise"] as const;
const TITLES = [
  "Checkout button does nothing on iPhone",
  "Password reset email never arrives",
  "Dark mode please",
  "Dashboard takes 20 seconds to load",
  "How do I cancel my subscription?",
  "Love the new onboarding!",
  "Export reports to CSV",
  "Logged out every few minutes",
];
const DETAILS =
  "Steps: open the page, add two items to the cart, press the button at the bottom. Expected: the next step. " +
  "Actual: nothing happens, no spinner and no error. Tried twice after reloading; the same on Wi-Fi and on mobile data.";
const BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

function post(i: number, key: string) {
  return {
    type: TYPES[i % TYPES.length],
    title: `${TITLES[i % TITLES.length]} (${i})`,
    details: DETAILS,
    ...(i % 3 === 0 ? { email: `reporter-${i % 1000}@example.test` } : {}),
    pageUrl: `https://shop.example.com/products/${i % 97}`,
    browser: BROWSER,
    idempotencyKey: key,
  };
}

const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function generator(cfg: GeneratorConfig) {
  const { default: autocannon } = await import("autocannon");
  const answers: Answer[] = [];
  const refused: Figures["refused"] = {};
  let n = 0;
  const t0 = performance.now();
  type Context = { key?: string; sentAt?: number };
  process.stdout.write("started\n");
  const cpu = process.cpuUsage();
  const result = await autocannon({
    url: cfg.url,
    connections: cfg.connections,
    duration: cfg.seconds,
    ...(cfg.rate ? { overallRate: cfg.rate } : {}),
    timeout: 10,
    requests: [
      {
        method: "POST",
        setupRequest: (req, context: Context) => {
          const i = n++;
          context.key = `bench-${cfg.runId}-${i}`;
          context.sentAt = performance.now();
          const headers = { ...req.headers, "content-type": "application/json", "x-forwarded-for": address(i % ADDRESSES) };
          return { ...req, headers, body: JSON.stringify(post(i, context.key)) };
        },
        onResponse: (status, body, context: Context) => {
          if (status >= 300) (refused[status] ??= { count: 0, sample: body.slice(0, 300) }).count++;
          if (!cfg.record) return;
          let ref: string | null = null;
          if (status === 201 || status === 200) ref = (JSON.parse(body) as { ref?: string }).ref ?? null;
          const now = performance.now();
          answers.push([Math.round(now - t0), status, ref, context.key!, now - context.sentAt!]);
        },
      },
    ],
  });
  const used = process.cpuUsage(cpu);
  const figures: Figures = {
    posts: result["2xx"],
    seconds: result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    refused,
    generatorCpu: (used.user + used.system) / 1e6 / result.duration,
  };
  process.stdout.write(`${JSON.stringify({ figures, answers })}\n`, () => process.exit(0));
}

// ——— the bench ———

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync("/proc/stat", "utf8").split("\n")[0].split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

type Run = { figures: Figures; answers: Answer[]; serverCpu: number; machineBusy: number };

/** Runs the generator against `url`; `whenStarted` runs once the generator says it has started. */
async function load(url: string, opts: { seconds: number; record?: boolean; runId: string; whenStarted?: () => void }): Promise<Run> {
  const cfg: GeneratorConfig = { url, connections: CONNECTIONS, seconds: opts.seconds, rate: RATE, record: opts.record ?? false, runId: opts.runId };
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", SELF, "--generator", JSON.stringify(cfg)], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done || first.value !== "started") throw new Error(`the load generator did not start (${first.value ?? "no output"})`);
  const cpu = process.cpuUsage();
  const ticks = machineTicks();
  opts.whenStarted?.();
  const last = await lines.next();
  if (last.done) throw new Error("the load generator exited without figures");
  const used = process.cpuUsage(cpu);
  const after = machineTicks();
  const { figures, answers } = JSON.parse(last.value) as { figures: Figures; answers: Answer[] };
  return {
    figures,
    answers,
    serverCpu: (used.user + used.system) / 1e6 / figures.seconds,
    machineBusy: (after.busy - ticks.busy) / Math.max(1, after.total - ticks.total),
  };
}

type Handler = (req: IncomingMessage, body: Buffer<ArrayBuffer>, res: ServerResponse, url: URL) => Promise<void>;

async function listen(handler: Handler): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      handler(req, Buffer.concat(chunks), res, url).catch((error: Error) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(error.message);
      });
    });
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function main() {
  if (!(SECONDS >= 4) || !(CONNECTIONS >= 1) || !(RATE >= 0)) throw new Error("--seconds must be at least 4, --connections at least 1, --rate a number of posts/s");
  const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/tminus";
  // Redis of our own, so it can be killed; limits out of the way; one trusted proxy so X-Forwarded-For names the client.
  const redisServer = new PrivateRedis(await freePort());
  await redisServer.start();
  Object.assign(process.env, {
    REDIS_URL: redisServer.url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
    FEEDBACK_SOFT_PER_MINUTE: "100000",
    FEEDBACK_HARD_PER_MINUTE: "100000",
    FEEDBACK_PROJECT_PER_MINUTE: "1000000",
    TRUSTED_PROXY_HOPS: "1",
  });
  const scratch = await scratchEnv("feedback_intake");
  const { db } = await import("../lib/db");
  const { handle } = await import("../lib/api/handler");
  const { ensureFeedbackSettings, fromSubmit, hashIp, submit } = await import("../lib/feedback/intake");
  const { NextRequest } = await import("next/server");
  type RouteDef = import("../lib/api/handler").RouteDef;

  let route: RouteDef | null = null;
  try {
    const mod = (await import(ROUTES_MODULE)) as { FEEDBACK_PUBLIC_ROUTES?: RouteDef[] };
    route = mod.FEEDBACK_PUBLIC_ROUTES?.find((r) => r.id === "feedback.public.submit") ?? null;
  } catch (error) {
    if ((error as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw error;
  }
  const direct = flag("direct") || !route;

  const newProject = async (label: string) => {
    const project = await db.project.create({ data: { name: `Bench intake ${label}`, slug: `bench-intake-${label}-${Date.now()}` } });
    const settings = await ensureFeedbackSettings(project.id);
    return { id: project.id, key: settings.publicKey };
  };
  const keyToProject = new Map<string, string>();
  let redisStopped: Promise<void> | undefined;

  const RECEIPT = JSON.stringify({ ref: "FB-0", status: "received" });
  const PUBLIC = "/api/v1/public/feedback/";
  const { server, base } = await listen(async (req, body, res, url) => {
    if (url.pathname === "/noop") {
      res.writeHead(201, { "content-type": "application/json" }).end(RECEIPT);
      return;
    }
    if (url.pathname.startsWith("/direct/")) {
      const projectId = keyToProject.get(decodeURIComponent(url.pathname.slice("/direct/".length)));
      if (!projectId) return void res.writeHead(404).end();
      const forwarded = String(req.headers["x-forwarded-for"] ?? "").split(",").pop()?.trim() || null;
      const stored = await submit(fromSubmit(projectId, "form", JSON.parse(body.toString("utf8")), { ipHash: hashIp(forwarded) }));
      res.writeHead(stored.created ? 201 : 200, { "content-type": "application/json" }).end(JSON.stringify({ ref: stored.ref, status: "received" }));
      return;
    }
    if (route && url.pathname.startsWith(PUBLIC) && req.method === "POST") {
      const key = decodeURIComponent(url.pathname.slice(PUBLIC.length));
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
      const request = new NextRequest(`http://${req.headers.host}${req.url}`, { method: "POST", headers, body: body.length ? body : undefined });
      const response = await handle(route)(request, { params: Promise.resolve({ key }) });
      res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
      return;
    }
    res.writeHead(404).end();
  });

  try {
    console.log(
      `feedback intake: autocannon in a child process, ${CONNECTIONS} connections${RATE ? ` offering ${RATE} posts/s` : ""}, ${SECONDS} s per measure (after ${WARMUP_SECONDS} s of warm-up), ` +
        `posts from ${ADDRESSES.toLocaleString("en")} addresses, every one unique\n${machineLine()}`,
    );
    if (!route) console.log(`(${ROUTES_MODULE}.ts is not on this branch: the public route is not measured; submit() behind a minimal handler stands in)`);

    type Row = { measure: string; run: Run };
    const rows: Row[] = [];
    let runs = 0;
    const measure = async (label: string, url: string) => {
      await load(url, { seconds: WARMUP_SECONDS, runId: `warm${runs++}` });
      rows.push({ measure: label, run: await load(url, { seconds: SECONDS, runId: `run${runs++}` }) });
    };

    await measure("HTTP stack alone (no-op 201)", `${base}/noop`);
    if (route) {
      const p = await newProject("route");
      await measure("public route: handle(feedback.public.submit)", `${base}${PUBLIC}${encodeURIComponent(p.key)}`);
    }
    if (direct) {
      const p = await newProject("direct");
      keyToProject.set(p.key, p.id);
      await measure("submit() behind a minimal handler", `${base}/direct/${encodeURIComponent(p.key)}`);
    }
    const baseline = rows[0].run.figures;
    console.table(
      rows.map(({ measure, run: { figures: f, serverCpu, machineBusy } }) => ({
        measure,
        "posts/s": round(f.posts / f.seconds),
        "× no-op": round(f.posts / f.seconds / (baseline.posts / baseline.seconds), 3),
        "p50 ms": f.p50,
        "p90 ms": f.p90,
        "p99 ms": f.p99,
        errors: f.errors,
        timeouts: f.timeouts,
        "non-2xx": f.non2xx,
        "server CPU": round(serverCpu, 2),
        "generator CPU": round(f.generatorCpu, 2),
        "machine busy": `${round(machineBusy * 100)}%`,
      })),
    );
    for (const { measure, run } of rows)
      for (const [status, { count, sample }] of Object.entries(run.figures.refused)) console.log(`${measure}: ${count} × ${status}, e.g. ${sample}`);
    const judged = rows.find((r) => r.measure.startsWith("public route")) ?? rows.find((r) => r.measure.startsWith("submit()"))!;
    const f = judged.run.figures;
    const rate = f.posts / f.seconds;
    const met = rate >= GOAL.postsPerSecond && f.p99 <= GOAL.p99Ms && f.errors === 0 && f.non2xx === 0;
    console.log(
      `goal (${judged.measure}): ≥ ${GOAL.postsPerSecond.toLocaleString("en")} posts/s at p99 ≤ ${GOAL.p99Ms} ms, no errors: ` +
        `${round(rate).toLocaleString("en")} posts/s at p99 ${f.p99} ms, ${f.errors + f.non2xx} errors: ${met ? "PASS" : "MISS"}` +
        (route ? "" : " (the public route itself not measured)"),
    );

    // ——— Redis outage ———
    const outage = await newProject("outage");
    keyToProject.set(outage.key, outage.id);
    const outageUrl = route ? `${base}${PUBLIC}${encodeURIComponent(outage.key)}` : `${base}/direct/${encodeURIComponent(outage.key)}`;
    const killAtMs = (SECONDS * 1000) / 2;
    let killedAt = NaN;
    const t0 = { at: 0 };
    const run = await load(outageUrl, {
      seconds: SECONDS,
      record: true,
      runId: "outage",
      whenStarted: () => {
        t0.at = performance.now();
        setTimeout(() => {
          killedAt = performance.now() - t0.at;
          redisStopped = redisServer.stop();
        }, killAtMs);
      },
    });
    await redisStopped;
    const accepted = run.answers.filter((a) => a[1] === 201 || a[1] === 200);
    const numberOf = (answer: Answer) => Number(answer[2]!.slice("FB-".length));
    const numbers = accepted.map(numberOf);
    const found = await db.feedbackItem.findMany({
      where: { projectId: outage.id, number: { in: numbers } },
      select: { number: true, idempotencyKey: true, status: true },
    });
    const byNumber = new Map(found.map((r) => [r.number, r]));
    const lost = accepted.filter((a) => !byNumber.has(numberOf(a)));
    const mismatched = accepted.filter((a) => byNumber.has(numberOf(a)) && byNumber.get(numberOf(a))!.idempotencyKey !== a[3]);
    const total = await db.feedbackItem.count({ where: { projectId: outage.id } });
    const spam = await db.feedbackItem.count({ where: { projectId: outage.id, status: "spam" } });
    const half = (before: boolean) => {
      const xs = run.answers.filter((a) => (a[0] < killedAt) === before);
      const ok = xs.filter((a) => a[1] === 201 || a[1] === 200);
      const seconds = before ? killedAt / 1000 : run.figures.seconds - killedAt / 1000;
      const lat = summarize(ok.map((a) => a[4]));
      return { answers: xs.length, ok: ok.length, "posts/s": round(ok.length / seconds), "p50 ms": round(lat.p50, 1), "p99 ms": round(lat.p99, 1), other: xs.length - ok.length };
    };
    console.log(
      `\nRedis outage (${route ? "public route" : "submit() behind a minimal handler"}): redis-server killed (SIGKILL) at ${round(killedAt / 1000, 1)} s of ${SECONDS} s`,
    );
    console.table({ "Redis up": half(true), "Redis killed": half(false) });
    console.log(
      `accepted ${accepted.length}, stored ${accepted.length - lost.length}, lost ${lost.length}` +
        `${mismatched.length ? `, ${mismatched.length} stored under another idempotency key` : ""}` +
        ` (rows in the project: ${total}, of them spam: ${spam}; transport errors ${run.figures.errors}, timeouts ${run.figures.timeouts})`,
    );
    for (const [status, { count, sample }] of Object.entries(run.figures.refused)) console.log(`outage run: ${count} × ${status}, e.g. ${sample}`);
    console.log(`after: ${machineLine()}`);
    return lost.length || mismatched.length ? 1 : 0;
  } finally {
    server.close();
    // Posts stored while Redis was dead left after-commit relays waiting for it (3 s for the add, 1 s for a ping),
    // then writing to the outbox: let them finish, or they would open a connection again after the disconnect and
    // be cut by the DROP DATABASE.
    if (redisStopped) await sleep(RELAY_SETTLE_MS);
    await db.$disconnect();
    // Once killed, stop() must not be called again: it would wait for a second exit that never comes.
    await (redisStopped ?? redisServer.stop());
    // The Redis keys died with the bench's Redis; only the database is left to drop.
    await dropDatabase(serverUrl, scratch.name);
  }
}

if (process.argv[2] === "--generator") void generator(JSON.parse(process.argv[3]) as GeneratorConfig);
else runMain(main);
