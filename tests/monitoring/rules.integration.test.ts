import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createCheck } from "@/lib/monitoring/checks";
import { ingest, type ProbeRecord } from "@/lib/monitoring/ingest";
import { acknowledgeIncident, addIncidentNote, getIncident, listIncidents, sendReminders as remind } from "@/lib/monitoring/incidents";

const sendReminders = (projectId: string, now: Date) => remind(now, { projectIds: [projectId] });
import { createMaintenanceWindow } from "@/lib/monitoring/maintenance";
import { readResults, dropExpiredPartitions, ensurePartitions, forgetPartitions } from "@/lib/monitoring/storage";
import { checkFigures, dailyBars, decompose } from "@/lib/monitoring/uptime";
import type { ProbeOutcome } from "@/lib/monitoring/schemas";
import { createChannel } from "@/lib/notifications/channels";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { projectWithRoles, userCtx } from "@/tests/helpers/fixtures";
import { discardNotificationJobsSince } from "@/tests/notifications/helpers";

// The rules, driven through the ingest with chosen slots (the scheduler test drives them through real probes):
// confirmation counts at their edges, time-based uptime, gaps as unknown, maintenance, reminders without storms.

const MIN = 60_000;
const up: ProbeOutcome = { status: "up", latencyMs: 40, httpStatus: 200, detail: "200 in 40 ms" };
const slow: ProbeOutcome = { status: "degraded", latencyMs: 900, httpStatus: 200, error: "The answer took 900 ms, more than the 500 ms above which the check counts as degraded." };
const down: ProbeOutcome = { status: "down", latencyMs: null, httpStatus: 503, error: "answered 503; expected 200-299" };

let startedAt: Date;
beforeAll(async () => {
  startedAt = (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0].now;
});
afterAll(async () => {
  await discardNotificationJobsSince(startedAt);
});

/** A project with a check of interval 60 s created at `t0`, and a channel that hears every incident event. */
async function world(opts: { failuresToOpen?: number; successesToClose?: number; reminderMinutes?: number } = {}) {
  const { project, users } = await projectWithRoles();
  const admin = userCtx(users.admin);
  const check = await createCheck({
    ctx: admin,
    input: {
      projectId: project.id,
      data: {
        kind: "http",
        name: "API",
        settings: { url: "http://api.example.test/health" },
        intervalSeconds: 60,
        timeoutSeconds: 10,
        failuresToOpen: opts.failuresToOpen ?? 2,
        successesToClose: opts.successesToClose ?? 1,
        reminderMinutes: opts.reminderMinutes ?? 30,
        enabled: false,
      },
    },
  });
  const channel = await createChannel({
    ctx: admin,
    input: { projectId: project.id, data: { name: "ops", format: "json", url: "https://hooks.example.test/t-minus", events: ["incident.opened", "incident.reminder", "incident.resolved", "incident.acknowledged"] } },
  });
  // Slots on whole minutes, starting one minute after the check was created.
  const t0 = Math.ceil((Date.now() - 3 * 60 * MIN) / MIN) * MIN;
  await db.check.update({ where: { id: check.id }, data: { createdAt: new Date(t0) } });
  const run = (i: number, outcome: ProbeOutcome): ProbeRecord => ({ checkId: check.id, slot: new Date(t0 + (i + 1) * MIN), startedAt: new Date(t0 + (i + 1) * MIN), outcome });
  const deliveries = () => db.notificationDelivery.findMany({ where: { channelId: channel.id }, orderBy: { createdAt: "asc" } });
  return { project, users, admin, check, created: { id: check.id, createdAt: new Date(t0) }, t0, run, deliveries };
}

describe("confirmation rules", () => {
  it("open an incident on exactly the Nth failure in a row and close it on exactly the Mth success", async () => {
    const w = await world({ failuresToOpen: 3, successesToClose: 2 });
    const incidents = () => db.incident.findMany({ where: { checkId: w.check.id } });
    // Two failures, a success (resets the count), two failures: never three in a row.
    await ingest([w.run(0, down), w.run(1, down), w.run(2, up), w.run(3, down), w.run(4, down)]);
    expect(await incidents()).toHaveLength(0);
    // The third failure in a row opens it.
    await ingest([w.run(5, down)]);
    const [opened] = await incidents();
    expect(opened).toMatchObject({ status: "open", number: 1, startedAt: new Date(w.t0 + 4 * MIN), cause: "answered 503; expected 200-299" });
    // One success is not enough; a failure resets the successes; two successes close it.
    await ingest([w.run(6, up)]);
    expect((await incidents())[0].status).toBe("open");
    await ingest([w.run(7, down), w.run(8, slow)]);
    expect((await incidents())[0].status).toBe("open");
    await ingest([w.run(9, up)]);
    const [closed] = await incidents();
    expect(closed).toMatchObject({ status: "resolved", resolvedAt: new Date(w.t0 + 10 * MIN) });
    // Exactly one message when it opened and one when it recovered.
    expect((await w.deliveries()).map((d) => d.event)).toEqual(["incident.opened", "incident.resolved"]);
    const timeline = await getIncident({ ctx: w.admin, input: { projectId: w.project.id, incidentId: closed.id } });
    expect(timeline.events!.map((e) => e.kind)).toEqual(["first_failure", "opened", "notified", "recovered", "notified"]);
  });

  it("with one failure to open, the first failure opens it; further failures send nothing more", async () => {
    const w = await world({ failuresToOpen: 1 });
    await ingest([w.run(0, up), w.run(1, down)]);
    await ingest([w.run(2, down)]);
    await ingest([w.run(3, down)]);
    expect(await db.incident.count({ where: { checkId: w.check.id } })).toBe(1);
    expect((await w.deliveries()).map((d) => d.event)).toEqual(["incident.opened"]);
    expect((await db.check.findUniqueOrThrow({ where: { id: w.check.id } })).consecutiveFailures).toBe(3);
  });

  it("store a replayed or late run once and never let it move the state", async () => {
    const w = await world({ failuresToOpen: 1 });
    await ingest([w.run(0, up), w.run(1, up)]);
    // The same slot again (a retried batch), and an older slot arriving late, both failing.
    await ingest([w.run(1, down), w.run(0, down)]);
    const results = await readResults(w.check.id, new Date(w.t0), new Date(w.t0 + 10 * MIN));
    expect(results.map((r) => r.status)).toEqual(["up", "up"]);
    expect(await db.incident.count({ where: { checkId: w.check.id } })).toBe(0);
  });
});

describe("uptime by time", () => {
  it("counts each state's time, and leaves unknown gaps and maintenance out of the percentage, saying how much", async () => {
    const w = await world({ failuresToOpen: 5 });
    // Minutes 1–6 up, 7–8 down, then no result for minutes 9–11 (a gap), then 12–13 up.
    await ingest([0, 1, 2, 3, 4, 5].map((i) => w.run(i, up)));
    await ingest([w.run(6, down), w.run(7, down)]);
    await ingest([w.run(11, up), w.run(12, up)]);
    const rows = await readResults(w.check.id, new Date(w.t0), new Date(w.t0 + 20 * MIN));
    const gap = rows.find((r) => r.status === "unknown")!;
    expect(gap).toMatchObject({ at: new Date(w.t0 + 11 * MIN), coverMs: 3 * MIN });

    // Half a minute after the last run: that half minute is not known yet either.
    const now = w.t0 + 13 * MIN + 30_000;
    const f = (await checkFigures(w.created, now))["24h"];
    expect(f.upMs).toBe(8 * MIN);
    expect(f.downMs).toBe(2 * MIN);
    expect(f.unknownMs).toBe(3 * MIN + 30_000);
    expect(f.uptimePct).toBeCloseTo(80, 6);
    expect(f.excludedMs).toBe(3 * MIN + 30_000);
    expect(f.runs).toBe(10);
    expect(f.failures).toBe(2);
    expect(f.p50).toBeLessThanOrEqual(40);
  });

  it("counts results inside a maintenance window as maintenance: excluded from uptime, and they open no incident", async () => {
    const w = await world({ failuresToOpen: 1 });
    await createMaintenanceWindow({
      ctx: w.admin,
      input: { projectId: w.project.id, data: { kind: "one_off", name: "DB upgrade", startsAt: new Date(w.t0 + 2 * MIN).toISOString(), endsAt: new Date(w.t0 + 5 * MIN + 1).toISOString() } },
    });
    // Slots at minutes 1..6; 2..5 fall in the window and fail.
    await ingest([w.run(0, up), w.run(1, down), w.run(2, down), w.run(3, down), w.run(4, down), w.run(5, up)]);
    expect(await db.incident.count({ where: { checkId: w.check.id } })).toBe(0);
    expect(await w.deliveries()).toHaveLength(0);
    const f = (await checkFigures(w.created, w.t0 + 6 * MIN))["24h"];
    expect(f.maintenanceMs).toBe(4 * MIN);
    expect(f.upMs).toBe(2 * MIN);
    expect(f.downMs).toBe(0);
    expect(f.uptimePct).toBe(100);
    expect(f.excludedMs).toBe(4 * MIN);
    // After the window a failure counts again.
    await ingest([w.run(6, down)]);
    expect(await db.incident.count({ where: { checkId: w.check.id } })).toBe(1);
  });

  it("gives one bar per UTC day with the day's down time", async () => {
    const w = await world({ failuresToOpen: 9 });
    await ingest([w.run(0, up), w.run(1, down), w.run(2, up)]);
    const bars = await dailyBars([w.created], 90, w.t0 + 3 * MIN);
    expect(bars).toHaveLength(90);
    const touched = bars.filter((b) => b.upMs + b.downMs > 0);
    expect(touched.reduce((s, b) => s + b.downMs, 0)).toBe(MIN);
    expect(touched.reduce((s, b) => s + b.upMs, 0)).toBe(2 * MIN);
  });

  it("cuts a window into whole days, whole hours and minutes that tile it exactly", () => {
    const from = Date.UTC(2026, 10, 1, 13, 27);
    const to = Date.UTC(2026, 10, 4, 9, 5);
    const ranges = decompose(from, to);
    expect(ranges.map((r) => r.table)).toEqual(["CheckRollupMinute", "CheckRollupHour", "CheckRollupDay", "CheckRollupHour", "CheckRollupMinute"]);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i].from).toBe(ranges[i - 1].to);
    expect(ranges[0].from).toBe(from);
    expect(ranges.at(-1)!.to).toBe(to);
  });
});

describe("incidents", () => {
  it("remind at the interval while open and unacknowledged, never twice in one interval, and stop once acknowledged", async () => {
    const w = await world({ failuresToOpen: 1, reminderMinutes: 30 });
    await ingest([w.run(0, down)]);
    const incident = (await db.incident.findFirstOrThrow({ where: { checkId: w.check.id } }))!;
    // Not due yet.
    expect(await sendReminders(w.project.id, new Date(w.t0 + 20 * MIN))).toBe(0);
    expect(await sendReminders(w.project.id, new Date(w.t0 + 32 * MIN))).toBe(1);
    expect(await sendReminders(w.project.id, new Date(w.t0 + 33 * MIN))).toBe(0);
    expect(await sendReminders(w.project.id, new Date(w.t0 + 62 * MIN))).toBe(1);

    // A viewer cannot acknowledge; a member can, once.
    await expect(acknowledgeIncident({ ctx: userCtx(w.users.viewer), input: { projectId: w.project.id, incidentId: incident.id } })).rejects.toBeInstanceOf(ForbiddenError);
    const acked = await acknowledgeIncident({ ctx: userCtx(w.users.member), input: { projectId: w.project.id, incidentId: incident.id } });
    expect(acked.acknowledgedBy).toBe(w.users.member.email);
    await expect(acknowledgeIncident({ ctx: userCtx(w.users.member), input: { projectId: w.project.id, incidentId: incident.id } })).rejects.toThrow(/already acknowledged/);
    expect(await sendReminders(w.project.id, new Date(w.t0 + 200 * MIN))).toBe(0);
    expect((await w.deliveries()).map((d) => d.event)).toEqual(["incident.opened", "incident.reminder", "incident.reminder", "incident.acknowledged"]);

    await expect(addIncidentNote({ ctx: userCtx(w.users.member), input: { projectId: w.project.id, incidentId: incident.id, data: { body: "" } } })).rejects.toBeInstanceOf(ValidationError);
    const noted = await addIncidentNote({ ctx: userCtx(w.users.member), input: { projectId: w.project.id, incidentId: incident.id, data: { body: "Rolled back the cache change", public: true } } });
    expect(noted.events!.filter((e) => e.kind === "public_update").map((e) => e.body)).toEqual(["Rolled back the cache change"]);
    const open = await listIncidents({ ctx: userCtx(w.users.viewer), input: { projectId: w.project.id, query: { status: "open" } } });
    expect(open.map((i) => i.id)).toEqual([incident.id]);
  });
});

describe("retention", () => {
  it("drops whole partitions past each resolution's retention and keeps the rest", async () => {
    const old = new Date(Date.UTC(2020, 0, 15));
    await ensurePartitions(old, old);
    await ensurePartitions(new Date(), new Date());
    const names = async () =>
      (await db.$queryRawUnsafe<{ relname: string }[]>(`SELECT relname::text AS relname FROM pg_class WHERE relname LIKE 'Check%_p2020%' AND relkind = 'r' ORDER BY relname`)).map((r) => r.relname);
    expect(await names()).toEqual(["CheckResult_p20200115", "CheckRollupHour_p202001", "CheckRollupMinute_p20200115"]);
    const dropped = await dropExpiredPartitions({ rawDays: 30, minuteDays: 30, hourDays: 400 });
    expect(dropped.sort()).toEqual(["CheckResult_p20200115", "CheckRollupHour_p202001", "CheckRollupMinute_p20200115"]);
    expect(await names()).toEqual([]);
    // Today's partitions stay.
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, "");
    expect((await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_class WHERE relname = $1`, `CheckResult_p${today}`))[0].n).toBe(1);
    forgetPartitions();
  });
});
