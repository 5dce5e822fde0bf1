import { db, type Tx } from "../db";
import { HISTOGRAM_SIZE, emptyHistogram, bucketOf } from "./histogram";

// The SQL-only monitoring tables (migration "monitoring"): raw results partitioned by day, minute roll-ups by day,
// hour roll-ups by month, day roll-ups unpartitioned. Retention drops whole partitions.

export const STATUS_CODE = { up: 0, degraded: 1, down: 2, unknown: 3 } as const;
export type StoredStatus = keyof typeof STATUS_CODE;
export const STATUS_NAME = ["up", "degraded", "down", "unknown"] as const;

/** One row of "CheckResult": the slot `at`, and the `coverMs` before it that the result stands for. */
export type ResultRow = {
  checkId: string;
  at: Date;
  startedAt: Date | null;
  coverMs: number;
  status: StoredStatus;
  maintenance: boolean;
  latencyMs: number | null;
  httpStatus: number | null;
  error: string | null;
};

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

type Partitioned = { table: "CheckResult" | "CheckRollupMinute" | "CheckRollupHour"; unit: "day" | "month" };
export const PARTITIONED: Partitioned[] = [
  { table: "CheckResult", unit: "day" },
  { table: "CheckRollupMinute", unit: "day" },
  { table: "CheckRollupHour", unit: "month" },
];

function rangeOf(unit: "day" | "month", at: Date): { from: Date; to: Date; suffix: string } {
  if (unit === "day") {
    const from = new Date(Math.floor(at.getTime() / DAY) * DAY);
    return { from, to: new Date(from.getTime() + DAY), suffix: from.toISOString().slice(0, 10).replace(/-/g, "") };
  }
  const from = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  return { from, to: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)), suffix: from.toISOString().slice(0, 7).replace(/-/g, "") };
}

const known = new Set<string>();

/** Creates the partitions of every partitioned table that hold [from, to]; cheap when they exist (cached). */
export async function ensurePartitions(from: Date, to: Date) {
  for (const { table, unit } of PARTITIONED) {
    for (let t = from.getTime(); ; ) {
      const r = rangeOf(unit, new Date(t));
      const name = `${table}_p${r.suffix}`;
      if (!known.has(name)) {
        // Two processes may race to create the same partition: the advisory lock makes the second one wait and find it.
        await db.$transaction(async (tx) => {
          await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, name);
          await tx.$executeRawUnsafe(
            `CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF "${table}" FOR VALUES FROM ('${r.from.toISOString()}') TO ('${r.to.toISOString()}')`,
          );
        });
        known.add(name);
      }
      if (r.to.getTime() > to.getTime()) break;
      t = r.to.getTime();
    }
  }
}

/** Forgets the partition cache (tests that drop partitions, and retention). */
export const forgetPartitions = () => known.clear();

export type Retention = { rawDays: number; minuteDays: number; hourDays: number };

/**
 * Drops partitions wholly older than each resolution's retention. Day roll-ups are kept forever. Returns the names
 * dropped. Dropping a partition is a catalog change, not a delete: it takes milliseconds whatever it holds.
 */
export async function dropExpiredPartitions(retention: Retention, now = new Date()): Promise<string[]> {
  const keep: Record<Partitioned["table"], number> = {
    CheckResult: retention.rawDays,
    CheckRollupMinute: retention.minuteDays,
    CheckRollupHour: retention.hourDays,
  };
  const rows = await db.$queryRawUnsafe<{ parent: string; child: string; bound: string }[]>(
    `SELECT p.relname::text AS parent, c.relname::text AS child, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = ANY($1)`,
    PARTITIONED.map((p) => p.table),
  );
  const dropped: string[] = [];
  for (const row of rows) {
    const upper = /TO \('([^']+)'\)/.exec(row.bound)?.[1];
    if (!upper) continue;
    const cutoff = now.getTime() - keep[row.parent as Partitioned["table"]] * DAY;
    if (new Date(upper).getTime() <= cutoff) {
      await db.$executeRawUnsafe(`DROP TABLE IF EXISTS "${row.child}"`);
      known.delete(row.child);
      dropped.push(row.child);
    }
  }
  return dropped;
}

type Rollup = {
  checkId: string;
  bucket: number;
  upMs: number;
  degradedMs: number;
  downMs: number;
  maintenanceMs: number;
  unknownMs: number;
  runs: number;
  failures: number;
  latencyCount: number;
  latencySum: number;
  latencyMax: number;
  latencyHist: number[];
};

const floorTo = (t: number, size: number) => Math.floor(t / size) * size;
const COLUMN = { up: "upMs", degraded: "degradedMs", down: "downMs", unknown: "unknownMs" } as const;

/**
 * Roll-ups of a batch of rows, per check and bucket: each row's covered span [at - coverMs, at) is split at bucket
 * edges and its milliseconds go to its state (maintenance wins); its run and latency go to the bucket holding `at`.
 */
export function rollupsOf(rows: ResultRow[], size: number, bucketStart: (t: number) => number = (t) => floorTo(t, size)) {
  const out = new Map<string, Rollup>();
  const get = (checkId: string, bucket: number) => {
    const key = `${checkId}|${bucket}`;
    let r = out.get(key);
    if (!r) {
      r = { checkId, bucket, upMs: 0, degradedMs: 0, downMs: 0, maintenanceMs: 0, unknownMs: 0, runs: 0, failures: 0, latencyCount: 0, latencySum: 0, latencyMax: 0, latencyHist: emptyHistogram() };
      out.set(key, r);
    }
    return r;
  };
  for (const row of rows) {
    const end = row.at.getTime();
    const column = row.maintenance ? "maintenanceMs" : COLUMN[row.status];
    for (let t = end - row.coverMs; t < end; ) {
      const b = bucketStart(t);
      const next = Math.min(end, b + size);
      get(row.checkId, b)[column] += next - t;
      t = next;
    }
    if (row.status === "unknown") continue;
    const r = get(row.checkId, bucketStart(end));
    r.runs++;
    if (row.status === "down" && !row.maintenance) r.failures++;
    if (row.latencyMs !== null) {
      r.latencyCount++;
      r.latencySum += row.latencyMs;
      r.latencyMax = Math.max(r.latencyMax, row.latencyMs);
      r.latencyHist[bucketOf(row.latencyMs)]++;
    }
  }
  return [...out.values()];
}



const ROLLUP_TABLES = [
  ["CheckRollupMinute", MINUTE],
  ["CheckRollupHour", HOUR],
  ["CheckRollupDay", DAY],
] as const;

/**
 * Writes a batch: raw rows (a slot already stored is skipped, so a replayed batch changes nothing) and the roll-ups of
 * the rows that were new. One statement per table, all in the caller's transaction.
 */
export async function writeResults(tx: Tx, rows: ResultRow[]): Promise<ResultRow[]> {
  if (!rows.length) return [];
  const payload = JSON.stringify(
    rows.map((r) => ({
      checkId: r.checkId,
      at: r.at.toISOString(),
      startedAt: r.startedAt?.toISOString() ?? null,
      coverMs: Math.round(r.coverMs),
      status: STATUS_CODE[r.status],
      maintenance: r.maintenance,
      latencyMs: r.latencyMs,
      httpStatus: r.httpStatus,
      error: r.error,
    })),
  );
  const inserted = await tx.$queryRawUnsafe<{ checkId: string; at: Date }[]>(
    `INSERT INTO "CheckResult" ("checkId", "at", "startedAt", "coverMs", "status", "maintenance", "latencyMs", "httpStatus", "error")
     SELECT "checkId", "at", "startedAt", "coverMs", "status", "maintenance", "latencyMs", "httpStatus", "error"
       FROM jsonb_to_recordset($1::jsonb) AS r("checkId" text, "at" timestamptz, "startedAt" timestamptz, "coverMs" int, "status" smallint,
            "maintenance" boolean, "latencyMs" int, "httpStatus" smallint, "error" text)
     ON CONFLICT DO NOTHING
     RETURNING "checkId", "at"`,
    payload,
  );
  const fresh = new Set(inserted.map((r) => `${r.checkId}|${new Date(r.at).getTime()}`));
  const stored = rows.filter((r) => fresh.has(`${r.checkId}|${r.at.getTime()}`));
  for (const [table, size] of ROLLUP_TABLES) await upsertRollups(tx, table, rollupsOf(stored, size));
  return stored;
}

// Element by element as one array expression: an unnest subquery per conflicting row cost about a third of each upsert.
const SUM_HIST = `ARRAY[${Array.from({ length: HISTOGRAM_SIZE }, (_, i) => `t."latencyHist"[${i + 1}] + EXCLUDED."latencyHist"[${i + 1}]`).join(", ")}]`;

async function upsertRollups(tx: Tx, table: string, rollups: Rollup[]) {
  if (!rollups.length) return;
  const payload = JSON.stringify(rollups.map((r) => ({ ...r, bucket: new Date(r.bucket).toISOString() })));
  const add = (c: string) => `"${c}" = t."${c}" + EXCLUDED."${c}"`;
  await tx.$executeRawUnsafe(
    `INSERT INTO "${table}" AS t ("checkId", "bucket", "upMs", "degradedMs", "downMs", "maintenanceMs", "unknownMs", "runs", "failures",
            "latencyCount", "latencySum", "latencyMax", "latencyHist")
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("checkId" text, "bucket" timestamptz, "upMs" bigint, "degradedMs" bigint, "downMs" bigint,
            "maintenanceMs" bigint, "unknownMs" bigint, "runs" int, "failures" int, "latencyCount" int, "latencySum" bigint, "latencyMax" int,
            "latencyHist" int[])
     ORDER BY "checkId", "bucket"
     ON CONFLICT ("checkId", "bucket") DO UPDATE SET
       ${["upMs", "degradedMs", "downMs", "maintenanceMs", "unknownMs", "runs", "failures", "latencyCount", "latencySum"].map(add).join(", ")},
       "latencyMax" = GREATEST(t."latencyMax", EXCLUDED."latencyMax"),
       "latencyHist" = ${SUM_HIST}`,
    payload,
  );
}

export type StoredResult = Omit<ResultRow, "status"> & { status: StoredStatus };

export async function readResults(checkId: string, from: Date, to: Date, limit = 5000): Promise<StoredResult[]> {
  const rows = await db.$queryRawUnsafe<(Omit<StoredResult, "status"> & { status: number })[]>(
    `SELECT "checkId", "at", "startedAt", "coverMs", "status", "maintenance", "latencyMs", "httpStatus", "error"
       FROM "CheckResult" WHERE "checkId" = $1 AND "at" >= $2 AND "at" < $3 ORDER BY "at" DESC LIMIT $4`,
    checkId,
    from,
    to,
    limit,
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at), startedAt: r.startedAt ? new Date(r.startedAt) : null, status: STATUS_NAME[r.status] }));
}
