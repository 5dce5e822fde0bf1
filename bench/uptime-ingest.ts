// Uptime ingest: result rows per second sustained through ingest() (raw rows, minute/hour/day roll-ups, check state
// and incidents in one transaction per batch), one batch after another as the scheduler's flush does. Each batch holds
// one run of each of CHECKS checks, for consecutive 30-s slots; statuses are mixed (1 in 10 degraded, 1 in 100 down
// three slots in sixteen, so incidents open and close) so the state and incident code runs. Side by side, in the same
// run: the same batches written by writeResults() alone (raw + roll-ups, no state) and by the raw INSERT alone (the
// same jsonb_to_recordset statement into "CheckResult"), so the cost of roll-ups and state is visible.
// Goal (issue 7): ≥ 5,000 rows/s. Needs the local PostgreSQL and Redis (scratch database and prefix, dropped after).
// Run: npm run bench:uptime-ingest -- [seconds=20] [checks=2000]
import type { ResultRow } from "../lib/monitoring/storage";
import type { ProbeRecord } from "../lib/monitoring/ingest";
import { machineLine, round, summarize, runMain } from "./lib/uptime-common";
import { scratchEnv } from "./lib/scratch-env";

const SECONDS = Number(process.argv[2] ?? 20);
const CHECKS = Number(process.argv[3] ?? 2000);
const INTERVAL_MS = 30_000;
const GOAL_ROWS_PER_S = 5000;

/** The outcome of check `i` in batch `k`: mostly up, some degraded, some failing in runs long enough to open incidents. */
function outcomeOf(i: number, k: number): ProbeRecord["outcome"] {
  if (i % 100 === 2 && k % 16 < 3) return { status: "down", latencyMs: 12, httpStatus: 503, error: "The server answered 503 Service Unavailable; expected 200-299." };
  if (i % 10 === 1) {
    const error = "The answer took 900 ms, more than the 500 ms above which the check counts as degraded.";
    return { status: "degraded", latencyMs: 900 + (i % 7) * 50, httpStatus: 200, error };
  }
  return { status: "up", latencyMs: 15 + ((i * 31 + k * 17) % 180), httpStatus: 200, detail: "200 in 40 ms" };
}

async function main() {
  if (!(SECONDS > 0) || !Number.isInteger(CHECKS) || CHECKS < 1) throw new Error("seconds must be positive and checks a positive whole number");
  const scratch = await scratchEnv("uptime_ingest");
  const { db } = await import("../lib/db");
  const { ingest, ingestInLanes } = await import("../lib/monitoring/ingest");
  const { ensurePartitions, writeResults, STATUS_CODE } = await import("../lib/monitoring/storage");

  // Slots start a few hours back so the run covers whole minutes and hours of roll-ups, and stay in the past.
  const base = Math.floor((Date.now() - 4 * 3600_000) / INTERVAL_MS) * INTERVAL_MS;
  const project = await db.project.create({ data: { name: "Bench ingest", slug: `bench-ingest-${Date.now()}` } });
  await db.check.createMany({
    data: Array.from({ length: CHECKS }, (_, i) => ({
      projectId: project.id,
      name: `check ${i}`,
      kind: "http" as const,
      settings: { url: `http://127.0.0.1:9/c/${i}` },
      intervalSeconds: INTERVAL_MS / 1000,
      timeoutSeconds: 10,
      enabled: false,
      createdAt: new Date(base - 86_400_000),
    })),
  });
  const ids = (await db.check.findMany({ where: { projectId: project.id }, select: { id: true }, orderBy: { name: "asc" } })).map((c) => c.id);
  await ensurePartitions(new Date(base - 86_400_000), new Date(Date.now() + 3600_000));
  const slotOf = (k: number) => new Date(base + (k + 1) * INTERVAL_MS);

  type Measured = { measure: string; rows: number; batches: number; seconds: number; latency: ReturnType<typeof summarize> };
  async function sustain(measure: string, batch: (k: number) => Promise<number>): Promise<Measured> {
    await batch(-1); // warm-up: partitions, plans, first rows of each check
    const latencies: number[] = [];
    let rows = 0;
    const t0 = performance.now();
    for (let k = 0; performance.now() - t0 < SECONDS * 1000; k++) {
      const t = performance.now();
      rows += await batch(k);
      latencies.push(performance.now() - t);
    }
    return { measure, rows, batches: latencies.length, seconds: (performance.now() - t0) / 1000, latency: summarize(latencies) };
  }

  const records = (k: number): ProbeRecord[] =>
    ids.map((checkId, i) => ({ checkId, slot: slotOf(k), startedAt: new Date(slotOf(k).getTime() + 3), outcome: outcomeOf(i, k) }));
  // The other two measures write other checks' rows (ids of their own), so no slot is already stored.
  const resultRows = (prefix: string, k: number): ResultRow[] =>
    ids.map((id, i) => {
      const o = outcomeOf(i, k);
      return {
        checkId: `${prefix}${id}`,
        at: slotOf(k),
        startedAt: new Date(slotOf(k).getTime() + 3),
        coverMs: INTERVAL_MS,
        status: o.status,
        maintenance: false,
        latencyMs: o.latencyMs,
        httpStatus: o.httpStatus ?? null,
        error: o.status === "up" ? null : (o.error ?? null),
      };
    });
  const rawInsert = (rows: ResultRow[]) =>
    db.$executeRawUnsafe(
      `INSERT INTO "CheckResult" ("checkId", "at", "startedAt", "coverMs", "status", "maintenance", "latencyMs", "httpStatus", "error")
       SELECT "checkId", "at", "startedAt", "coverMs", "status", "maintenance", "latencyMs", "httpStatus", "error"
         FROM jsonb_to_recordset($1::jsonb) AS r("checkId" text, "at" timestamptz, "startedAt" timestamptz, "coverMs" int, "status" smallint,
              "maintenance" boolean, "latencyMs" int, "httpStatus" smallint, "error" text)
       ON CONFLICT DO NOTHING`,
      JSON.stringify(
        rows.map((r) => ({ ...r, at: r.at.toISOString(), startedAt: r.startedAt?.toISOString() ?? null, status: STATUS_CODE[r.status] })),
      ),
    );

  try {
    console.log(`uptime ingest: ${CHECKS} checks, batches of ${CHECKS} records (one slot each, consecutive 30-s slots), ${SECONDS} s per measure\n${machineLine()}`);
    let incidents = 0;
    const full = await sustain("ingest() (raw + roll-ups + state + incidents)", async (k) => {
      const r = await ingest(records(k + 1));
      incidents += r.opened;
      return r.stored;
    });
    const offset = full.batches + 1;
    const laned = await sustain("ingestInLanes(…, 2): what the scheduler's flush runs", async (k) => {
      const r = await ingestInLanes(records(offset + k + 1), 2);
      incidents += r.opened;
      return r.stored;
    });
    const writes = await sustain("writeResults() (raw + roll-ups, no state)", async (k) => {
      const rows = resultRows("w-", k + 1);
      return (await db.$transaction((tx) => writeResults(tx, rows), { timeout: 30_000 })).length;
    });
    const raw = await sustain('raw INSERT into "CheckResult" only', (k) => rawInsert(resultRows("r-", k + 1)));
    const rollups = await db.$queryRawUnsafe<{ t: string; n: bigint }[]>(
      `SELECT 'minute' AS t, count(*) AS n FROM "CheckRollupMinute" UNION ALL SELECT 'hour', count(*) FROM "CheckRollupHour"
       UNION ALL SELECT 'day', count(*) FROM "CheckRollupDay" UNION ALL SELECT 'incidents', count(*) FROM "Incident"`,
    );
    console.table(
      [full, laned, writes, raw].map((m) => ({
        measure: m.measure,
        rows: m.rows,
        batches: m.batches,
        "rows/s": round(m.rows / m.seconds),
        "batch p50 ms": round(m.latency.p50),
        "batch p95 ms": round(m.latency.p95),
        "batch max ms": round(m.latency.max),
      })),
    );
    const rate = Math.max(full.rows / full.seconds, laned.rows / laned.seconds);
    console.log(
      `goal: ingest() ≥ ${GOAL_ROWS_PER_S.toLocaleString("en")} rows/s sustained: ${round(rate).toLocaleString("en")} rows/s, ${rate >= GOAL_ROWS_PER_S ? "met" : "MISSED"}` +
        ` (${round(rate / (CHECKS / (INTERVAL_MS / 1000)), 1)}× what ${CHECKS} checks at 30 s produce)`,
    );
    console.log(`incidents opened during ingest(): ${incidents}; table rows after: ${rollups.map((r) => `${r.t} ${r.n}`).join(", ")}`);
    console.log(`after: ${machineLine()}`);
  } finally {
    await db.$disconnect();
    await scratch.drop();
  }
  return 0;
}

runMain(main);
