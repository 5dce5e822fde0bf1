// Live-update fan-out: how long N dashboards take to connect to T-Minus's SSE endpoint when they all open at once,
// then how long an event takes to reach all of them, side by side with N raw Redis subscribers on the same channel
// (the floor: what pub/sub alone costs). Streams are spread over one viewer token per MAX_STREAMS_PER_ACTOR clients.
// Needs a running T-Minus (`npm run up`) with the same DATABASE_URL and REDIS_PREFIX as this process.
// Run: npx tsx bench/live-fanout.ts [clients=1000] [events=20]   (BENCH_URL, default http://127.0.0.1:3000;
// BENCH_TRANSIENT=1 also sends as many transient events, a server with publishTransient is needed)
import IORedis from "ioredis";
import { db } from "../lib/db";
import { env } from "../lib/env";
import { systemCtx } from "../lib/auth/context";
import { createToken, revokeToken } from "../lib/tokens/tokens";
import { liveChannel, publishEvents, publishTransient, recordEvent } from "../lib/live/events";
import { MAX_STREAMS_PER_ACTOR } from "../lib/live/slots";
import { DEMO_PROJECT } from "../lib/seed/demo";
import { pct } from "./lib/scratch-env";

const BASE = process.env.BENCH_URL ?? "http://127.0.0.1:3000";
const CLIENTS = Number(process.argv[2] ?? 1000);
const EVENTS = Number(process.argv[3] ?? 20);
const CONNECT_TIMEOUT_MS = 120_000;
const TRANSIENT = process.env.BENCH_TRANSIENT === "1";
const TYPE = "bench.tick";
const TRANSIENT_TYPE = "bench.transient";

type Sample = { seq: number; ms: number; transient: boolean };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const row = (name: string, ms: number[], extra: Record<string, string>) => ({
  path: name,
  ...extra,
  p50: pct(ms, 50),
  p95: pct(ms, 95),
  p99: pct(ms, 99),
  max: ms.length ? Math.max(...ms) : NaN,
});

/** Opens one stream; resolves with the ms from `t0` to its `: connected` comment, then keeps reading into `out`. */
function openSse(projectId: string, token: string, out: Sample[], t0: number, signal: AbortSignal): Promise<number> {
  const types = [`event: ${TYPE}`, `event: ${TRANSIENT_TYPE}`];
  return new Promise((resolve, reject) => {
    void (async () => {
      const res = await fetch(`${BASE}/api/v1/projects/${projectId}/events`, { headers: { authorization: `Bearer ${token}` }, signal });
      if (!res.ok || !res.body) return reject(new Error(`SSE answered ${res.status}: ${(await res.text()).slice(0, 200)}`));
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      let announced = false;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        if (!announced && buffer.includes(": connected")) {
          announced = true;
          resolve(performance.now() - t0);
        }
        let i;
        while ((i = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const data = frame.split("\n").find((l) => l.startsWith("data: "));
          if (!data || !types.some((t) => frame.includes(t))) continue;
          const event = JSON.parse(data.slice(6));
          out.push({ seq: event.data.seq, ms: Date.now() - event.data.sentAt, transient: event.type === TRANSIENT_TYPE });
        }
      }
    })().catch((error: Error) => (signal.aborted ? resolve(NaN) : reject(error)));
  });
}

async function main() {
  const project = await db.project.findUnique({ where: { slug: DEMO_PROJECT.slug } });
  if (!project) throw new Error("demo project missing: run `npm run up` first");
  const health = await fetch(`${BASE}/api/health`).catch(() => null);
  if (!health) throw new Error(`${BASE} does not answer: run \`npm run up\` first`);
  const ctx = systemCtx("bench.live-fanout");
  const tokens: Awaited<ReturnType<typeof createToken>>[] = [];
  for (let i = 0; i < Math.ceil(CLIENTS / MAX_STREAMS_PER_ACTOR); i++) {
    tokens.push(await createToken({ ctx, input: { projectId: project.id, data: { name: `bench-${Date.now()}-${i}`, role: "viewer" } } }));
  }

  const sse: Sample[] = [];
  const raw: Sample[] = [];
  const abort = new AbortController();
  // The floor first, so its connections do not compete with the timed SSE opens.
  const subscribers = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const sub = new IORedis(env.REDIS_URL);
      sub.on("message", (_c, message) => {
        const event = JSON.parse(message);
        if (event.type === TYPE) raw.push({ seq: event.data.seq, ms: Date.now() - event.data.sentAt, transient: false });
      });
      await sub.subscribe(liveChannel(project.id));
      return sub;
    }),
  );

  const t0 = performance.now();
  const opens = Array.from({ length: CLIENTS }, (_, i) => openSse(project.id, tokens[Math.floor(i / MAX_STREAMS_PER_ACTOR)].token!, sse, t0, abort.signal));
  const timeout = sleep(CONNECT_TIMEOUT_MS).then(() => "timeout" as const);
  const settled = await Promise.race([Promise.allSettled(opens), timeout]);
  if (settled === "timeout") throw new Error(`not all ${CLIENTS} streams connected within ${CONNECT_TIMEOUT_MS} ms`);
  const connectMs = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failures = settled.flatMap((s) => (s.status === "rejected" ? [(s.reason as Error).message] : []));
  const allMs = Math.round(Math.max(...connectMs));

  for (let seq = 0; seq < EVENTS; seq++) {
    const event = await db.$transaction((tx) => recordEvent(tx, project.id, TYPE, { seq, sentAt: Date.now() }));
    await publishEvents([event]);
    await sleep(100);
  }
  for (let seq = 0; TRANSIENT && seq < EVENTS; seq++) {
    await publishTransient(project.id, TRANSIENT_TYPE, { seq, sentAt: Date.now() });
    await sleep(100);
  }
  const expected = connectMs.length * EVENTS * (TRANSIENT ? 2 : 1);
  for (let i = 0; i < 100 && (sse.length < expected || raw.length < CLIENTS * EVENTS); i++) await sleep(100);
  const stored = sse.filter((s) => !s.transient).map((s) => s.ms);
  const transient = sse.filter((s) => s.transient).map((s) => s.ms);

  console.log(`live fan-out: ${CLIENTS} clients over ${tokens.length} tokens, ${EVENTS} events, ${BASE}`);
  console.log(`connect: ${connectMs.length}/${CLIENTS} SSE streams connected, all within ${allMs} ms of opening them at once${failures.length ? `; ${failures.length} failed, e.g. ${failures[0]}` : ""}`);
  console.table([
    row("SSE connect (open → ': connected')", connectMs.map(Math.round), { delivered: `${connectMs.length}/${CLIENTS}` }),
    row("raw Redis subscribers (floor)", raw.map((s) => s.ms), { delivered: `${raw.length}/${CLIENTS * EVENTS}` }),
    row("T-Minus SSE /api/v1/.../events", stored, { delivered: `${stored.length}/${connectMs.length * EVENTS}` }),
    ...(TRANSIENT ? [row("T-Minus SSE, transient events", transient, { delivered: `${transient.length}/${connectMs.length * EVENTS}` })] : []),
  ]);
  console.log("ms; delivery rows are publish → receipt; the goal is all streams connected within a few seconds and p95 ≤ 1000 ms");

  abort.abort();
  for (const s of subscribers) s.disconnect();
  for (const t of tokens) await revokeToken({ ctx, input: { projectId: project.id, tokenId: t.id } });
  await db.liveEvent.deleteMany({ where: { projectId: project.id, type: TYPE } });
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
