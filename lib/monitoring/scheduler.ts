import { setMaxListeners } from "node:events";
import { db } from "../db";
import { decryptSecrets } from "../crypto/secrets";
import { networkPolicy } from "../settings/instance";
import { log } from "../observability/log";
import { recordCheckDrift } from "../observability/metrics";
import { runProbe } from "./probes";
import { parseSettings, type CheckKindName, type ProbeOutcome, type ProbeSpec } from "./schemas";
import { ingestInLanes, type ProbeRecord } from "./ingest";
import { sendReminders } from "./incidents";
import { checkBinding } from "./binding";

// The uptime scheduler. Postgres holds each check's next slot; every worker process runs this loop and claims the
// checks due within the look-ahead with FOR UPDATE SKIP LOCKED, moving each one interval on in the same statement, so
// several processes share the checks and none runs a slot twice. A claimed check starts at its slot time (not when
// the claim happened), so start drift is the timer's, not the poll's. When a process was away for whole intervals the
// claim jumps to the latest due slot and the ingest records the missed time as "unknown"; nothing is skipped silently.
// BullMQ's repeatable jobs were not used: they create the next run only when the previous one starts, so a busy queue
// quietly runs fewer checks (bench/uptime-scheduler.ts measures this design).


type Settings<K extends CheckKindName> = Extract<ProbeSpec, { kind: K }>["settings"];

type Claimed = {
  id: string;
  projectId: string;
  kind: CheckKindName;
  settings: unknown;
  secretsEncrypted: string | null;
  intervalSeconds: number;
  timeoutSeconds: number;
  slotMs: number;
  skipped: number;
};

export type SchedulerOptions = {
  /** Checks in flight at once in this process (claimed ahead or running). */
  concurrency?: number;
  /** Claim checks due this far ahead, so each starts on its slot rather than at the next poll. */
  lookaheadMs?: number;
  tickMs?: number;
  flushMs?: number;
  maxBatch?: number;
  /** Concurrent ingest transactions per flush (ingestInLanes). */
  lanes?: number;
  /** Called for every run as it starts, with its start drift (benchmarks). */
  onStart?: (run: { checkId: string; slot: number; driftMs: number; skipped: number }) => void;
  probe?: (spec: ProbeSpec, signal: AbortSignal) => Promise<ProbeOutcome>;
  /** Only these projects' checks (tests and benchmarks that share a database with other work). */
  projectIds?: string[];
};

export type RunningScheduler = {
  stop(): Promise<void>;
  stats(): { claimed: number; started: number; stored: number; skipped: number; buffered: number; inFlight: number };
};

const MAX_BUFFER = 50_000;

export function startScheduler(options: SchedulerOptions = {}): RunningScheduler {
  const concurrency = options.concurrency ?? 500;
  const lookaheadMs = options.lookaheadMs ?? 2000;
  const tickMs = options.tickMs ?? 250;
  const flushMs = options.flushMs ?? 250;
  const maxBatch = options.maxBatch ?? 2000;
  const lanes = options.lanes ?? 2;
  const probe =
    options.probe ??
    (async (spec: ProbeSpec, signal: AbortSignal) => runProbe(spec, { policy: await networkPolicy(), signal }));
  const stats = { claimed: 0, started: 0, stored: 0, skipped: 0 };
  const abort = new AbortController();
  // Every run in flight listens on this one signal; past Node's default of 10 it would log a false "memory leak".
  setMaxListeners(Math.max(10, 2 * concurrency), abort.signal);
  const pending = new Map<string, { claimed: Claimed; timer: NodeJS.Timeout }>();
  const running = new Set<Promise<void>>();
  let buffer: ProbeRecord[] = [];
  // Start drift (seconds) of runs since the last flush, handed to /metrics through Redis in one batch per flush.
  const drift: number[] = [];
  let stopping = false;
  let tickTimer: NodeJS.Timeout | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | null = null;
  let lastReminders = 0;

  const inFlight = () => pending.size + running.size;

  async function claim(limit: number): Promise<Claimed[]> {
    const now = Date.now();
    const naive = (ms: number) => new Date(ms).toISOString().replace("Z", "");
    return db.$queryRawUnsafe<Claimed[]>(
      `WITH due AS (
         SELECT "id", "nextRunAt" AS "slot0" FROM "Check"
          WHERE "enabled" AND "nextRunAt" <= $1::timestamp AND ($4::text[] IS NULL OR "projectId" = ANY($4::text[]))
          ORDER BY "nextRunAt" LIMIT $2 FOR UPDATE SKIP LOCKED
       ), steps AS (
         SELECT due."id", due."slot0", GREATEST(0, FLOOR(EXTRACT(EPOCH FROM ($3::timestamp - due."slot0")) / c."intervalSeconds"))::int AS "skipped"
           FROM due JOIN "Check" c ON c."id" = due."id"
       )
       UPDATE "Check" c SET "nextRunAt" = steps."slot0" + make_interval(secs => (steps."skipped" + 1) * c."intervalSeconds")
         FROM steps WHERE c."id" = steps."id"
       RETURNING c."id", c."projectId", c."kind"::text AS "kind", c."settings", c."secretsEncrypted", c."intervalSeconds", c."timeoutSeconds",
                 (EXTRACT(EPOCH FROM steps."slot0") * 1000)::float8 + steps."skipped"::float8 * c."intervalSeconds" * 1000 AS "slotMs",
                 steps."skipped"`,
      naive(now + lookaheadMs),
      limit,
      naive(now),
      options.projectIds ?? null,
    );
  }

  function specOf(c: Claimed): ProbeSpec {
    const timeoutMs = c.timeoutSeconds * 1000;
    if (c.kind === "http") {
      const secretHeaders = c.secretsEncrypted ? decryptSecrets(c.secretsEncrypted, checkBinding(c.projectId, c.id)) : {};
      return { kind: "http", settings: parseSettings("http", c.settings) as Settings<"http">, secretHeaders, timeoutMs };
    }
    if (c.kind === "tls") return { kind: "tls", settings: parseSettings("tls", c.settings) as Settings<"tls">, timeoutMs };
    return { kind: "tcp", settings: parseSettings("tcp", c.settings) as Settings<"tcp">, timeoutMs };
  }

  async function run(c: Claimed) {
    const startedAt = Date.now();
    stats.started++;
    options.onStart?.({ checkId: c.id, slot: c.slotMs, driftMs: startedAt - c.slotMs, skipped: c.skipped });
    drift.push((startedAt - c.slotMs) / 1000);
    let outcome: ProbeOutcome;
    try {
      outcome = await probe(specOf(c), abort.signal);
    } catch (error) {
      // A check whose settings no longer parse, or a probe bug: recorded as a failed run, with the reason.
      outcome = { status: "down", latencyMs: null, error: `The check could not run: ${(error as Error).message}` };
    }
    // Cut short by shutdown: not a fact about the target. The slot stays empty and is recorded as unknown.
    if (abort.signal.aborted) return;
    buffer.push({ checkId: c.id, slot: new Date(c.slotMs), startedAt: new Date(startedAt), outcome });
    if (buffer.length >= maxBatch) void flush();
  }

  function schedule(c: Claimed) {
    stats.claimed++;
    stats.skipped += c.skipped;
    const timer = setTimeout(() => {
      pending.delete(c.id);
      const p = run(c).finally(() => running.delete(p));
      running.add(p);
    }, Math.max(0, c.slotMs - Date.now()));
    pending.set(c.id, { claimed: c, timer });
  }

  async function tick() {
    if (stopping) return;
    try {
      const free = concurrency - inFlight();
      if (free > 0) for (const c of await claim(free)) if (!pending.has(c.id)) schedule(c);
      if (Date.now() - lastReminders > 15_000) {
        lastReminders = Date.now();
        await sendReminders(new Date(), { projectIds: options.projectIds });
      }
    } catch (error) {
      log.warn("monitoring.claim_failed", { error: (error as Error).message });
    }
    if (!stopping) tickTimer = setTimeout(() => (ticking = tick()), tickMs);
  }

  function flush(): Promise<void> {
    if (drift.length) void recordCheckDrift(drift.splice(0)).catch(() => {});
    if (flushing) return flushing;
    flushing = (async () => {
      while (buffer.length) {
        const batch = buffer.slice(0, maxBatch);
        try {
          const r = await ingestInLanes(batch, lanes);
          stats.stored += r.stored;
          buffer = buffer.slice(batch.length);
        } catch (error) {
          // Postgres away: keep the runs and try again; past the cap the oldest go (they become "unknown" gaps).
          log.warn("monitoring.ingest_failed", { count: batch.length, error: (error as Error).message });
          if (buffer.length > MAX_BUFFER) buffer = buffer.slice(buffer.length - MAX_BUFFER);
          break;
        }
      }
    })().finally(() => (flushing = null));
    return flushing;
  }

  const flushLoop = async () => {
    await flush();
    if (!stopping) flushTimer = setTimeout(flushLoop, flushMs);
  };

  let ticking = tick();
  flushTimer = setTimeout(flushLoop, flushMs);

  return {
    stats: () => ({ ...stats, buffered: buffer.length, inFlight: inFlight() }),
    async stop() {
      stopping = true;
      clearTimeout(tickTimer);
      clearTimeout(flushTimer);
      // A claim still in flight schedules what it claimed: wait for it, so those slots are handed back below too.
      await ticking;
      // Claimed slots that have not started go back, so another process runs them on time instead of leaving a gap.
      const unstarted = [...pending.values()];
      for (const { timer } of unstarted) clearTimeout(timer);
      pending.clear();
      for (const { claimed } of unstarted) {
        await db.$executeRawUnsafe(
          `UPDATE "Check" SET "nextRunAt" = $2::timestamp WHERE "id" = $1 AND "nextRunAt" = $3::timestamp`,
          claimed.id,
          new Date(claimed.slotMs).toISOString().replace("Z", ""),
          new Date(claimed.slotMs + claimed.intervalSeconds * 1000).toISOString().replace("Z", ""),
        ).catch(() => {});
      }
      // Runs in flight finish (each is bounded by its timeout); then the last results are stored.
      const deadline = new Promise((r) => setTimeout(r, 65_000).unref());
      await Promise.race([Promise.allSettled([...running]), deadline]);
      abort.abort();
      await flush();
    },
  };
}
