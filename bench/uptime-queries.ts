// Uptime queries on 90 days of history for N targets (one 30-s HTTP check each): roll-ups generated in SQL with
// generate_series (day and hour roll-ups for 90 days, minute roll-ups for the last 2 days, latency histograms of
// HISTOGRAM_SIZE buckets with plausible counts; no raw rows, which no figure below reads), then each query timed
// REPS times after a warm-up. Goals (issue 7, at p95): one target's 30-day latency chart ≤ 50 ms; 90-day uptime for all
// N ≤ 1 s; the overview with N targets server-rendered ≤ 1 s. The overview here is its data (monitoringOverview as a
// project admin); the page adds rendering on top: with BENCH_URL and BENCH_COOKIE (a session cookie of a running
// T-Minus) it also GETs ${BENCH_URL}/projects/<BENCH_SLUG>/uptime. Needs the local PostgreSQL and Redis (scratch
// database and prefix, dropped after).
// Run: npm run bench:uptime-queries -- [targets=1000] [reps=30]
import { machineLine, round, summarize, timeIt, runMain } from "./lib/uptime-common";
import { scratchEnv } from "./lib/scratch-env";

const TARGETS = Number(process.argv[2] ?? 1000);
const REPS = Number(process.argv[3] ?? 30);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const INTERVAL_S = 30;
const VARIANTS = 64;

/**
 * Latency histograms for a bucket holding `runs` runs: VARIANTS shapes, each centred on a different bucket
 * (7 ms to 150 ms), 70/20/7/3 % over the centre, the next two and a slow tail.
 */
function histogramVariants(runs: number, size: number, bounds: readonly number[]) {
  return Array.from({ length: VARIANTS }, (_, k) => {
    const b = 4 + (k % 12);
    const hist = new Array<number>(size).fill(0);
    hist[b] = Math.round(runs * 0.7);
    hist[b + 1] = Math.round(runs * 0.2);
    hist[b + 2] = Math.round(runs * 0.07);
    hist[b + 4] = Math.max(0, runs - hist[b] - hist[b + 1] - hist[b + 2]);
    const mid = (i: number) => (bounds[i - 1] + bounds[i]) / 2;
    const sum = hist.reduce((s, n, i) => s + n * (n ? mid(i) : 0), 0);
    return { k, hist, cnt: hist.reduce((a, n) => a + n, 0), sum: Math.round(sum), mx: bounds[b + 4] };
  });
}

async function main() {
  if (!Number.isInteger(TARGETS) || TARGETS < 1 || !Number.isInteger(REPS) || REPS < 1) throw new Error("targets and reps must be positive whole numbers");
  // BENCH_IN_PLACE=1: write into DATABASE_URL itself (the database of a running T-Minus, so its page can be timed on
  // the same data), and delete the bench project afterwards instead of dropping a scratch database.
  const inPlace = process.env.BENCH_IN_PLACE === "1";
  const scratch = inPlace ? null : await scratchEnv("uptime_queries");
  const { db } = await import("../lib/db");
  const { HISTOGRAM_SIZE, LATENCY_BOUNDS } = await import("../lib/monitoring/histogram");
  const { ensurePartitions } = await import("../lib/monitoring/storage");
  const { uptimeFor, latencySeries, checkFigures, dailyBars } = await import("../lib/monitoring/uptime");
  const { monitoringOverview } = await import("../lib/monitoring/overview");
  const { createUser, sessionCookie, userCtx } = await import("../tests/helpers/fixtures");
  const { deleteCheckData } = await import("../lib/monitoring/checks");

  try {
    console.log(`uptime queries: ${TARGETS} targets with one 30-s check each, 90 days of roll-ups, ${REPS} repetitions per query after a warm-up\n${machineLine()}`);
    const now = Date.now();
    const created = new Date(now - 91 * DAY);
    const project = await db.project.create({ data: { name: "Bench queries", slug: `bench-queries-${Date.now()}` } });
    const admin = await createUser();
    await db.membership.create({ data: { projectId: project.id, userId: admin.id, role: "admin" } });
    await db.target.createMany({
      data: Array.from({ length: TARGETS }, (_, i) => ({
        projectId: project.id,
        name: `service-${i}`,
        environment: i % 3 ? "production" : "staging",
        baseUrl: `https://service-${i}.example.test`,
        createdAt: created,
      })),
    });
    const targets = await db.target.findMany({ where: { projectId: project.id }, select: { id: true, name: true }, orderBy: { name: "asc" } });
    await db.check.createMany({
      data: targets.map((t, i) => ({
        projectId: project.id,
        targetId: t.id,
        name: `${t.name} health`,
        kind: "http" as const,
        settings: { url: `https://${t.name}.example.test/health` },
        intervalSeconds: INTERVAL_S,
        timeoutSeconds: 10,
        createdAt: created,
        // In place, a running worker would probe them: not due for a day.
        nextRunAt: new Date(now + (inPlace ? 86_400_000 : 0) + (i * INTERVAL_S * 1000) / TARGETS),
        state: i % 50 === 0 ? ("down" as const) : i % 10 === 1 ? ("degraded" as const) : ("up" as const),
        lastResultAt: new Date(now - 10_000),
        lastLatencyMs: 40 + (i % 60),
        recentLatencies: Array.from({ length: 30 }, (_, j) => 20 + ((i * 7 + j * 13) % 120)),
      })),
    });
    const checks = await db.check.findMany({ where: { projectId: project.id }, select: { id: true, createdAt: true } });
    const ids = checks.map((c) => c.id);

    // Generation: one INSERT … SELECT per table over generate_series; 1 in 97 buckets has some downtime (10 min, or the
    // whole minute), checks 1 in 10 are degraded 5% of the time, histograms come from VARIANTS shapes.
    const t0 = performance.now();
    await ensurePartitions(new Date(now - 92 * DAY), new Date(now + HOUR));
    const generate = async (table: string, size: number, from: number, to: number, runs: number) => {
      await db.$executeRawUnsafe(
        `WITH v AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS v("k" int, "hist" int[], "cnt" int, "sum" bigint, "mx" int))
         INSERT INTO "${table}" ("checkId", "bucket", "upMs", "degradedMs", "downMs", "maintenanceMs", "unknownMs", "runs", "failures",
                "latencyCount", "latencySum", "latencyMax", "latencyHist")
         SELECT c."id", b, $5::bigint - d."down" - d."deg", d."deg", d."down", 0, 0, $6::int, (d."down" / ($7::int * 1000))::int,
                v."cnt", v."sum", v."mx", v."hist"
           FROM unnest($2::text[]) WITH ORDINALITY AS c("id", "n")
          CROSS JOIN generate_series($3::timestamptz, $4::timestamptz, make_interval(secs => $5::int / 1000)) AS b
          CROSS JOIN LATERAL (SELECT (extract(epoch FROM b) * 1000 / $5::bigint)::bigint AS "i") s
          CROSS JOIN LATERAL (SELECT CASE WHEN (c."n" * 13 + s."i") % 97 = 0 THEN least($5::bigint, 600000) ELSE 0 END AS "down",
                                     CASE WHEN c."n" % 10 = 2 THEN $5::bigint / 20 ELSE 0 END AS "deg") d
           JOIN v ON v."k" = (c."n" * 7 + s."i") % ${VARIANTS}`,
        JSON.stringify(histogramVariants(runs, HISTOGRAM_SIZE, LATENCY_BOUNDS)),
        ids,
        new Date(from),
        new Date(to),
        size,
        runs,
        INTERVAL_S,
      );
    };
    const floorTo = (t: number, size: number) => Math.floor(t / size) * size;
    const timed = async (what: string, fn: () => Promise<void>) => {
      const t = performance.now();
      await fn();
      return { what, ms: performance.now() - t };
    };
    const steps = [
      await timed("day roll-ups, 90 days", () => generate("CheckRollupDay", DAY, floorTo(now, DAY) - 90 * DAY, floorTo(now, DAY), (DAY / 1000) / INTERVAL_S)),
      await timed("hour roll-ups, 90 days", () => generate("CheckRollupHour", HOUR, floorTo(now, HOUR) - 90 * DAY, floorTo(now, HOUR), (HOUR / 1000) / INTERVAL_S)),
      await timed("minute roll-ups, 2 days", () => generate("CheckRollupMinute", MINUTE, floorTo(now, MINUTE) - 2 * DAY, floorTo(now, MINUTE), (MINUTE / 1000) / INTERVAL_S)),
      await timed("ANALYZE", () => db.$executeRawUnsafe(`ANALYZE "CheckRollupDay", "CheckRollupHour", "CheckRollupMinute", "Check", "Target"`).then(() => undefined)),
    ];
    // Sizes with indexes; the partitioned tables' sizes are their partitions' sums.
    const sizeOf = (table: string) =>
      `(SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c
         WHERE c.oid = '"${table}"'::regclass OR c.oid IN (SELECT i.inhrelid FROM pg_inherits i WHERE i.inhparent = '"${table}"'::regclass))`;
    const counts = await db.$queryRawUnsafe<{ t: string; n: bigint; size: string }[]>(
      ["CheckRollupDay", "CheckRollupHour", "CheckRollupMinute"]
        .map((t) => `SELECT '${t}' AS t, count(*) AS n, ${sizeOf(t)} AS size FROM "${t}"`)
        .join(" UNION ALL "),
    );
    console.log(`generated in ${round((performance.now() - t0) / 1000, 1)} s: ${steps.map((s) => `${s.what} ${round(s.ms / 1000, 1)} s`).join(", ")}`);
    console.table(counts.map((c) => ({ table: c.t, rows: Number(c.n), size: c.size })));

    const ctx = userCtx(admin);
    // A different check each repetition (the warm-up call gets i = -1).
    const nth = (i: number, salt: number) => (((i * 7919 + salt) % ids.length) + ids.length) % ids.length;
    const pick = (i: number) => ids[nth(i, 13)];
    type Row = { query: string; goal: number | null; ms: number[] };
    const rows: Row[] = [
      { query: "(a) one check's 30-day latency chart: latencySeries(id, '30d')", goal: 50, ms: await timeIt(REPS, (i) => latencySeries(pick(i + 1), "30d")) },
      { query: `(b) 90-day uptime of all ${TARGETS}: uptimeFor(all, '90d')`, goal: 1000, ms: await timeIt(REPS, () => uptimeFor(checks, "90d")) },
      {
        query: `(c) overview data of ${TARGETS} targets: monitoringOverview (admin)`,
        goal: 1000,
        ms: await timeIt(REPS, () => monitoringOverview({ ctx, input: { projectId: project.id } })),
      },
      {
        query: "(d) one check's health page data: checkFigures + dailyBars(90)",
        goal: null,
        ms: await timeIt(REPS, (i) => {
          const check = checks[nth(i, 29)];
          return Promise.all([checkFigures(check), dailyBars([check])]);
        }),
      },
    ];
    const base = process.env.BENCH_URL;
    // In place, the bench's own admin can sign the page request (same NEXTAUTH_SECRET as the server it shares a database with).
    const cookie = process.env.BENCH_COOKIE ?? (inPlace && base ? await sessionCookie(admin.id) : undefined);
    if (base && cookie) {
      // The page of a running T-Minus reads its own database: BENCH_SLUG names a project there holding the targets.
      const slug = process.env.BENCH_SLUG ?? project.slug;
      const url = `${base.replace(/\/+$/, "")}/projects/${slug}/uptime`;
      rows.push({
        query: `(e) GET ${url} (server-rendered page)`,
        goal: 1000,
        ms: await timeIt(REPS, async () => {
          const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
          await res.text();
          if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
        }),
      });
    }
    console.table(
      rows.map((r) => {
        const s = summarize(r.ms);
        return {
          query: r.query,
          n: s.n,
          "p50 ms": round(s.p50, 1),
          "p95 ms": round(s.p95, 1),
          "max ms": round(s.max, 1),
          "goal (p95)": r.goal === null ? "—" : `≤ ${r.goal} ms`,
          verdict: r.goal === null ? "—" : s.p95 <= r.goal ? "met" : "MISSED",
        };
      }),
    );
    if (!(base && cookie)) console.log("the overview page itself (rendering on top of (c)) was not timed: set BENCH_URL and BENCH_COOKIE (and BENCH_SLUG) to GET it");
    console.log(`after: ${machineLine()}`);
  } finally {
    if (inPlace) {
      const left = await db.project.findMany({ where: { slug: { startsWith: "bench-queries-" } }, select: { id: true } });
      for (const p of left) {
        const ids = (await db.check.findMany({ where: { projectId: p.id }, select: { id: true } })).map((c) => c.id);
        await db.$transaction((tx) => deleteCheckData(tx, ids), { timeout: 600_000 });
        await db.project.delete({ where: { id: p.id } });
      }
    }
    await db.$disconnect();
    await scratch?.drop();
  }
  return 0;
}

runMain(main);
