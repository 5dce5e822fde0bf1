// Live-update fan-out: how long an event takes to reach N open dashboards through T-Minus's SSE endpoint,
// side by side with N raw Redis subscribers on the same channel (the floor: what pub/sub alone costs).
// Needs a running T-Minus (`npm run up`); run: npx tsx bench/live-fanout.ts [clients] [events]
import IORedis from "ioredis";
import { db } from "../lib/db";
import { env } from "../lib/env";
import { systemCtx } from "../lib/auth/context";
import { createToken, revokeToken } from "../lib/tokens/tokens";
import { liveChannel, publishEvents, recordEvent } from "../lib/live/events";
import { DEMO_PROJECT } from "../lib/seed/demo";

const BASE = process.env.BENCH_URL ?? "http://127.0.0.1:3000";
const CLIENTS = Number(process.argv[2] ?? 200);
const EVENTS = Number(process.argv[3] ?? 20);
const TYPE = "bench.tick";

type Sample = { seq: number; ms: number };
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const summary = (name: string, samples: Sample[], expected: number) => {
  const ms = samples.map((s) => s.ms);
  return { path: name, delivered: `${samples.length}/${expected}`, p50: pct(ms, 50), p95: pct(ms, 95), p99: pct(ms, 99), max: Math.max(...ms) };
};

async function openSse(projectId: string, token: string, out: Sample[], ready: () => void, signal: AbortSignal) {
  const res = await fetch(`${BASE}/api/v1/projects/${projectId}/events`, { headers: { authorization: `Bearer ${token}` }, signal });
  if (!res.ok || !res.body) throw new Error(`SSE answered ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let announced = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      if (!announced && buffer.includes(": connected")) {
        announced = true;
        ready();
      }
      let i;
      while ((i = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const data = frame.split("\n").find((l) => l.startsWith("data: "));
        if (!data || !frame.includes(`event: ${TYPE}`)) continue;
        const event = JSON.parse(data.slice(6));
        out.push({ seq: event.data.seq, ms: Date.now() - event.data.sentAt });
      }
    }
  } catch {
    /* aborted at the end */
  }
}

async function main() {
  const project = await db.project.findUnique({ where: { slug: DEMO_PROJECT.slug } });
  if (!project) throw new Error("demo project missing: run `npm run up` first");
  const health = await fetch(`${BASE}/api/health`).catch(() => null);
  if (!health) throw new Error(`${BASE} does not answer: run \`npm run up\` first`);
  const ctx = systemCtx("bench.live-fanout");
  const token = await createToken({ ctx, input: { projectId: project.id, data: { name: `bench-${Date.now()}`, role: "viewer" } } });

  const sse: Sample[] = [];
  const raw: Sample[] = [];
  const abort = new AbortController();
  const connectStarted = performance.now();
  let connected = 0;
  const allConnected = new Promise<void>((resolve) => {
    for (let i = 0; i < CLIENTS; i++) {
      openSse(project.id, token.token!, sse, () => ++connected === CLIENTS && resolve(), abort.signal).catch((e) => console.error(e.message));
    }
  });
  const subscribers = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const sub = new IORedis(env.REDIS_URL);
      sub.on("message", (_c, message) => {
        const event = JSON.parse(message);
        if (event.type === TYPE) raw.push({ seq: event.data.seq, ms: Date.now() - event.data.sentAt });
      });
      await sub.subscribe(liveChannel(project.id));
      return sub;
    }),
  );
  await allConnected;
  const connectMs = Math.round(performance.now() - connectStarted);

  for (let seq = 0; seq < EVENTS; seq++) {
    const event = await db.$transaction((tx) => recordEvent(tx, project.id, TYPE, { seq, sentAt: Date.now() }));
    await publishEvents([event]);
    await new Promise((r) => setTimeout(r, 100));
  }
  const expected = CLIENTS * EVENTS;
  for (let i = 0; i < 100 && (sse.length < expected || raw.length < expected); i++) await new Promise((r) => setTimeout(r, 100));

  console.log(`live fan-out: ${CLIENTS} clients, ${EVENTS} events, ${BASE}; ${CLIENTS} SSE streams connected in ${connectMs} ms`);
  console.table([summary("raw Redis subscribers (floor)", raw, expected), summary("T-Minus SSE /api/v1/.../events", sse, expected)]);
  console.log("latency in ms from publish to receipt; the product promise is under 1000 ms at p99");

  abort.abort();
  for (const s of subscribers) s.disconnect();
  await revokeToken({ ctx, input: { projectId: project.id, tokenId: token.id } });
  await db.liveEvent.deleteMany({ where: { projectId: project.id, type: TYPE } });
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
