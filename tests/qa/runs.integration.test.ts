import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { queue } from "@/lib/jobs/enqueue";
import { QA_QUEUE } from "@/lib/jobs/contract";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { createTarget } from "@/lib/targets/targets";
import { createChannel } from "@/lib/notifications/channels";
import { NotFoundError } from "@/lib/errors";
import { cancelQaRun, createQaRun, getQaRun, listQaRuns, qaRunLogs } from "@/lib/qa/runs";
import { createQaProfile, getQaProfile, listQaProfiles, queueRunsAfterDeploy, runQaProfile, startScheduledRuns, updateQaProfile } from "@/lib/qa/profiles";
import { runQaJob } from "@/lib/qa/runner";
import type { Engine } from "@/lib/qa/engine";
import { pruneQaArtifacts } from "@/lib/qa/retention";
import { qaProfileBinding, qaRunBinding } from "@/lib/qa/secrets";
import { decryptSecrets } from "@/lib/crypto/secrets";
import { qaRunSource } from "@/lib/launch/sources/qa";
import { Effects } from "@/lib/deployments/core";
import { processJob } from "@/workers/runtime";
import { runDeployment } from "@/lib/deployments/runner";
import { deployWorld } from "@/tests/deployments/helpers";
import { projectWithRoles, uid, userCtx } from "@/tests/helpers/fixtures";
import { localServer } from "@/tests/net/local-server";
import { startDemoTarget } from "@/examples/demo-target/server.mjs";
import { discardNotificationJobsSince } from "@/tests/notifications/helpers";

// QA runs through the service verbs and the runner, with a real engine (links) against a local site whose planted
// problem is fixed between runs: new → still there → fixed, stored in Postgres and read back as the API does.

let startedAt: Date;
beforeAll(async () => {
  startedAt = (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0].now;
});
afterAll(async () => {
  await discardNotificationJobsSince(startedAt);
  // Jobs relayed by these verbs would otherwise run in a later file's worker.
  const rows = await db.outboxJob.findMany({ where: { createdAt: { gte: startedAt } }, select: { id: true, name: true } });
  for (const { id, name } of rows) if (name === "qa.run") await queue(QA_QUEUE).remove(id);
  await db.outboxJob.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
});

/** A tiny site: the home page links to /pricing and, while `broken` is on, to /old which answers 404. */
async function site() {
  const state = { broken: true, extraBroken: false };
  const server = await localServer((req, res) => {
    const page = (body: string) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html lang="en"><head><title>Site</title></head><body>${body}</body></html>`);
    };
    if (req.url === "/") return page(`<a href="/pricing">Pricing</a>${state.broken ? '<a href="/old">Old</a>' : ""}${state.extraBroken ? '<a href="/gone">Gone</a>' : ""}`);
    if (req.url === "/pricing") return page("<p>Prices</p>");
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  return { server, state };
}

async function qaWorld(environment = "staging", baseUrl = "https://qa.example.test") {
  const { project, users } = await projectWithRoles();
  const admin = userCtx(users.admin);
  const target = await createTarget({ ctx: admin, input: { projectId: project.id, data: { name: `t-${uid()}`, environment, baseUrl } } });
  return { project, users, target, ctx: (role: keyof typeof users) => userCtx(users[role]) };
}

/** Every row of every table as text: a secret stored in plaintext anywhere shows up here. */
async function allRowsAsText(): Promise<string> {
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  let text = "";
  for (const { table_name } of tables) {
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${table_name.replace(/"/g, "")}" t`);
    text += rows.map((r) => r.row).join("\n");
  }
  return text;
}

/** A server that answers 200 and keeps each request's method, path and the headers named. */
async function recordingServer(names: string[]) {
  const requests: { method: string; path: string; headers: Record<string, string | undefined> }[] = [];
  const server = await localServer((req, res) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "", headers: Object.fromEntries(names.map((n) => [n, req.headers[n.toLowerCase()] as string | undefined])) });
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok");
  });
  return { server, requests };
}

const fieldOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    if (error instanceof ValidationError) return error.issues?.map((i) => `${i.path}:${i.rule}`);
    throw error;
  }
  return "no error";
};

describe("QA runs", () => {
  it("run against a real site: findings are new, then still there, then fixed, with the previous run linked", async () => {
    const { server, state } = await site();
    try {
      const w = await qaWorld("staging", server.url);
      const member = w.ctx("member");
      // A channel that wants failed QA runs: the first run fails and tells it, with a link to the run.
      const channel = await createChannel({ ctx: w.ctx("admin"), input: { projectId: w.project.id, data: { name: "qa", format: "json", url: "http://127.0.0.1:9/hook", events: ["qa.failed"] } } });
      const first = await createQaRun({ ctx: member, input: { projectId: w.project.id, data: { targetId: w.target.id, kind: "links", settings: { maxPages: 10 } } } });
      expect(first).toMatchObject({ status: "queued", ref: "QA-1", trigger: "manual", kind: "links", environment: "staging" });
      expect(await runQaJob(first.id)).toEqual({ status: "failed" });
      const one = await getQaRun({ ctx: member, input: { projectId: w.project.id, runId: first.id } });
      expect(one.findingsList.map((f) => [f.rule, f.location, f.change])).toEqual([["broken-link", "/old", "new"]]);
      expect(one.findings).toMatchObject({ new: 1, persisting: 0, fixed: 0, gating: 1 });
      expect(one.summary).toBeTruthy();
      expect(one.progress).toBe(1);
      const logs = await qaRunLogs({ ctx: member, input: { projectId: w.project.id, runId: first.id, query: {} } });
      expect(logs[0].message).toContain(`Links and smoke against ${server.url}`);
      const deliveries = await db.notificationDelivery.findMany({ where: { channelId: channel.id } });
      expect(deliveries.map((d) => [d.event, (d.data as { title: string }).title])).toEqual([["qa.failed", `QA-1 links and smoke on ${w.target.name}: failed`]]);

      state.extraBroken = true;
      const second = await createQaRun({ ctx: member, input: { projectId: w.project.id, data: { targetId: w.target.id, kind: "links" } } });
      // Not compared with anything until it has run: the run page must not claim a comparison that did not happen.
      expect(second.previous).toBeNull();
      expect(await runQaJob(second.id)).toEqual({ status: "failed" });
      const two = await getQaRun({ ctx: member, input: { projectId: w.project.id, runId: second.id } });
      expect(two.previous?.id).toBe(first.id);
      expect(two.findingsList.map((f) => [f.location, f.change, f.firstSeenRunId]).sort()).toEqual([
        ["/gone", "new", second.id],
        ["/old", "persisting", first.id],
      ]);

      state.broken = false;
      state.extraBroken = false;
      const third = await createQaRun({ ctx: member, input: { projectId: w.project.id, data: { targetId: w.target.id, kind: "links" } } });
      expect(await runQaJob(third.id)).toEqual({ status: "passed" });
      const three = await getQaRun({ ctx: member, input: { projectId: w.project.id, runId: third.id } });
      expect(three.findings).toMatchObject({ new: 0, persisting: 0, fixed: 2, gating: 0 });
      expect(three.findingsList.every((f) => f.change === "fixed")).toBe(true);
      // People say "QA-3": the ref (or its number) finds the run too, and only within this project.
      for (const ref of ["QA-3", "qa-3", "3"]) expect((await getQaRun({ ctx: member, input: { projectId: w.project.id, runId: ref } })).id).toBe(third.id);
      await expect(getQaRun({ ctx: member, input: { projectId: w.project.id, runId: "QA-4" } })).rejects.toBeInstanceOf(NotFoundError);
      const elsewhere = await qaWorld("staging", server.url);
      await expect(getQaRun({ ctx: elsewhere.ctx("admin"), input: { projectId: elsewhere.project.id, runId: "QA-3" } })).rejects.toBeInstanceOf(NotFoundError);

      // The checklist source reads the same rows: the latest links run on the target passed.
      const evaluation = await qaRunSource.evaluate(w.project.id, { targetId: w.target.id, qaKind: "links", withinDays: 14 }, new Date());
      expect(evaluation).toMatchObject({ ok: true, href: `/projects/${w.project.slug}/qa/${third.id}` });
      expect(evaluation.summary).toMatch(/^QA-3 links and smoke on .* passed just now/);
      const list = await listQaRuns({ ctx: w.ctx("viewer"), input: { projectId: w.project.id, query: { kind: "links" } } });
      expect(list.map((r) => [r.ref, r.status])).toEqual([["QA-3", "passed"], ["QA-2", "failed"], ["QA-1", "failed"]]);
    } finally {
      await server.close();
    }
  });

  it("the worker runs a queued job through the contract, and a stalled re-run marks the run errored instead of starting it again", async () => {
    const { server } = await site();
    try {
      const w = await qaWorld("staging", server.url);
      const run = await createQaRun({ ctx: w.ctx("member"), input: { projectId: w.project.id, data: { targetId: w.target.id, kind: "links" } } });
      await processJob({ name: "qa.run", data: { runId: run.id }, id: "test" } as never);
      expect((await db.qaRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("failed");

      const stalled = await createQaRun({ ctx: w.ctx("member"), input: { projectId: w.project.id, data: { targetId: w.target.id, kind: "links" } } });
      await db.qaRun.update({ where: { id: stalled.id }, data: { status: "running", startedAt: new Date() } });
      expect(await runQaJob(stalled.id)).toEqual({ status: "running" });
      const row = await db.qaRun.findUniqueOrThrow({ where: { id: stalled.id } });
      expect(row.status).toBe("errored");
      expect(row.summary).toMatch(/stopped before it finished/);
      // An errored run was compared with nothing, though a finished run came before it.
      expect((await getQaRun({ ctx: w.ctx("member"), input: { projectId: w.project.id, runId: stalled.id } })).previous).toBeNull();
    } finally {
      await server.close();
    }
  });

  it("a target the instance's policy refuses ends in error with the reason, not a crash", async () => {
    const w = await qaWorld("staging", "http://169.254.169.254");
    const run = await createQaRun({ ctx: w.ctx("member"), input: { projectId: w.project.id, data: { targetId: w.target.id, kind: "links" } } });
    expect(await runQaJob(run.id)).toEqual({ status: "errored" });
    const row = await db.qaRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(row.summary).toMatch(/link-local|169\.254\.169\.254/);
  });

  it("bad-input hammering's two modes are separate checks: a partial-network-failure run neither fixes bad-input findings nor stands in for them on the checklist", async () => {
    const demo = await startDemoTarget({ port: 0, log: false });
    try {
      const w = await qaWorld("staging", demo.url);
      const member = w.ctx("member");
      const start = async (settings: Record<string, unknown>) => {
        const run = await createQaRun({ ctx: member, input: { projectId: w.project.id, data: { targetId: w.target.id, kind: "fuzz", settings } } });
        await runQaJob(run.id);
        return getQaRun({ ctx: member, input: { projectId: w.project.id, runId: run.id } });
      };
      const inputs = await start({ allowUnsafeMethods: true, casesPerOperation: 20 });
      expect(inputs.status).toBe("failed");
      expect(inputs.findingsList.map((f) => [f.rule, f.location, f.change])).toEqual([["server-error", "POST /api/feedback", "new"]]);

      const faults = await start({ mode: "faults", pages: ["/"], faults: { rounds: 1, latencyMs: 10, latencyJitterMs: 0 } });
      expect(faults.status).toBe("passed");
      expect([inputs.mode, faults.mode]).toEqual([null, "faults"]);
      expect(faults.previous).toBeNull();
      expect(faults.findingsList.filter((f) => f.change === "fixed")).toEqual([]);
      const gate = await qaRunSource.evaluate(w.project.id, { targetId: w.target.id, qaKind: "fuzz", withinDays: 14 }, new Date());
      expect(gate.ok).toBe(false);
      expect(gate.summary).toContain(`${inputs.ref} bad-input hammering on ${w.target.name} failed`);

      // The next bad-input run is compared with the last bad-input run, skipping the faults run between them.
      const again = await start({ allowUnsafeMethods: true, casesPerOperation: 20 });
      expect(again.previous?.id).toBe(inputs.id);
      expect(again.findingsList.map((f) => [f.rule, f.change])).toEqual([["server-error", "persisting"]]);
    } finally {
      await demo.close();
    }
  });

  it("cancel: a queued run at once; a running one stops at its next check and keeps its status cancelled", async () => {
    const slow = await localServer((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(`<title>x</title>${Array.from({ length: 30 }, (_, i) => `<a href="/p${Math.random()}${i}">p</a>`).join("")}`);
      }, 400);
    });
    try {
      const w = await qaWorld("staging", slow.url);
      const member = w.ctx("member");
      const queued = await createQaRun({ ctx: member, input: { projectId: w.project.id, data: { targetId: w.target.id, kind: "links" } } });
      const cancelled = await cancelQaRun({ ctx: member, input: { projectId: w.project.id, runId: queued.id } });
      expect(cancelled.status).toBe("cancelled");
      expect(cancelled.summary).toMatch(/^Cancelled by .* before it started\.$/);
      expect(await runQaJob(queued.id)).toEqual({ status: "cancelled" });
      await expect(cancelQaRun({ ctx: member, input: { projectId: w.project.id, runId: queued.id } })).rejects.toThrow(/already finished/);

      const running = await createQaRun({ ctx: member, input: { projectId: w.project.id, data: { targetId: w.target.id, kind: "links", settings: { maxPages: 200, concurrency: 1 } } } });
      const job = runQaJob(running.id);
      await expect.poll(async () => (await db.qaRun.findUniqueOrThrow({ where: { id: running.id } })).status, { timeout: 10_000 }).toBe("running");
      await cancelQaRun({ ctx: member, input: { projectId: w.project.id, runId: running.id } });
      expect(await job).toEqual({ status: "cancelled" });
      const row = await db.qaRun.findUniqueOrThrow({ where: { id: running.id } });
      expect(row.summary).toMatch(/^Cancelled by /);
      expect(row.finishedAt).not.toBeNull();
    } finally {
      await slow.close();
    }
  });

  it("production: a person confirms every run; a load test needs an approver; viewers run nothing", async () => {
    const w = await qaWorld("production");
    const data = { targetId: w.target.id, kind: "links" as const };
    expect(await fieldOf(createQaRun({ ctx: w.ctx("member"), input: { projectId: w.project.id, data } }))).toEqual(["confirmProduction:required"]);
    const confirmed = await createQaRun({ ctx: w.ctx("member"), input: { projectId: w.project.id, data: { ...data, confirmProduction: true } } });
    expect(confirmed.status).toBe("queued");

    const load = { targetId: w.target.id, kind: "load" as const, settings: { durationSeconds: 5 }, confirmProduction: true };
    await expect(createQaRun({ ctx: w.ctx("member"), input: { projectId: w.project.id, data: load } })).rejects.toThrow(ForbiddenError);
    await expect(createQaRun({ ctx: w.ctx("member"), input: { projectId: w.project.id, data: load } })).rejects.toThrow(/an approver or admin starts it/);
    expect((await createQaRun({ ctx: w.ctx("approver"), input: { projectId: w.project.id, data: load } })).status).toBe("queued");
    await expect(createQaRun({ ctx: w.ctx("viewer"), input: { projectId: w.project.id, data } })).rejects.toThrow(ForbiddenError);

    // Nothing half-written: refused requests left no run behind.
    expect(await db.qaRun.count({ where: { projectId: w.project.id } })).toBe(2);
  });

  it("profiles: a production profile records its confirmation; schedules start each slot once; deploys queue after-deploy profiles", async () => {
    const w = await qaWorld("production");
    const member = w.ctx("member");
    expect(await fieldOf(createQaProfile({ ctx: member, input: { projectId: w.project.id, data: { name: "Nightly", targetId: w.target.id, kind: "links", everyHours: 24 } } }))).toEqual([
      "confirmProduction:required",
    ]);
    const profile = await createQaProfile({ ctx: member, input: { projectId: w.project.id, data: { name: "Nightly", targetId: w.target.id, kind: "links", everyHours: 24, afterDeploy: true, confirmProduction: true } } });
    expect(profile.nextRunAt).not.toBeNull();
    // A profile's run goes to the profile's target, not to another one named beside it.
    const other = await createTarget({ ctx: w.ctx("admin"), input: { projectId: w.project.id, data: { name: `o-${uid()}`, environment: "staging", baseUrl: "https://other.example.test" } } });
    expect(await fieldOf(createQaRun({ ctx: member, input: { projectId: w.project.id, data: { targetId: other.id, profileId: profile.id } } }))).toEqual(["targetId:profile"]);
    expect(await db.qaRun.count({ where: { profileId: profile.id } })).toBe(0);
    expect(await fieldOf(updateQaProfile({ ctx: member, input: { projectId: w.project.id, profileId: profile.id, data: { everyHours: 6 } } }))).toEqual(["confirmProduction:required"]);

    // The slot comes due: two sweeps at once (two workers) start one run.
    await db.qaProfile.update({ where: { id: profile.id }, data: { nextRunAt: new Date(Date.now() - 1000) } });
    const [a, b] = await Promise.all([startScheduledRuns(), startScheduledRuns()]);
    const runs = await db.qaRun.findMany({ where: { profileId: profile.id } });
    expect(runs.map((r) => r.trigger)).toEqual(["schedule"]);
    expect([...a, ...b].filter((id) => id === runs[0].id)).toHaveLength(1);
    expect((await db.qaProfile.findUniqueOrThrow({ where: { id: profile.id } })).nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);

    // A successful deploy to the target queues it too, in the deploy's transaction.
    const fx = new Effects();
    const queued = await db.$transaction((tx) => queueRunsAfterDeploy(tx, fx, { id: "dep-1", projectId: w.project.id, targetId: w.target.id }));
    expect(queued).toBe(1);
    const afterDeploy = await db.qaRun.findFirstOrThrow({ where: { profileId: profile.id, trigger: "deployment" } });
    expect(afterDeploy).toMatchObject({ deploymentId: "dep-1", requestedByLabel: "system:qa.after-deploy#dep-1" });

    // Without a confirmation on record (a row made before the rule, say), nothing runs unattended against production.
    await db.qaProfile.update({ where: { id: profile.id }, data: { confirmedBy: null } });
    expect(await db.$transaction((tx) => queueRunsAfterDeploy(tx, new Effects(), { id: "dep-2", projectId: w.project.id, targetId: w.target.id }))).toBe(0);
  });

  it("artifacts past retention are deleted, except those of each target's latest passed or failed run of each kind", async () => {
    const w = await qaWorld();
    const old = new Date(Date.now() - 40 * 86_400_000);
    const at = (ms: number) => new Date(old.getTime() + ms);
    const run = (number: number, finishedAt: Date, status: "passed" | "failed" | "errored" | "cancelled" = "passed", kind: "devices" | "a11y" = "devices") =>
      db.qaRun.create({ data: { projectId: w.project.id, targetId: w.target.id, number, kind, status, settings: {}, baseUrl: "x", environment: "staging", requestedByLabel: "t", finishedAt, createdAt: finishedAt } });
    const older = await run(1, at(-1000));
    const latest = await run(2, at(0), "failed");
    // Runs after it that could not measure: the checklist still points at the failed run, so its evidence stays.
    const errored = await run(3, at(1000), "errored");
    const cancelled = await run(4, at(2000), "cancelled");
    // A kind with no passed or failed run at all keeps nothing past retention.
    const onlyErrored = await run(5, at(3000), "errored", "a11y");
    const runs = [older, latest, errored, cancelled, onlyErrored];
    for (const r of runs) await db.qaArtifact.create({ data: { runId: r.id, name: "shot.png", contentType: "image/png", size: 1, data: new Uint8Array([1]) } });
    expect(await pruneQaArtifacts(30)).toBe(4);
    const left = await db.qaArtifact.findMany({ where: { runId: { in: runs.map((r) => r.id) } }, select: { runId: true } });
    expect(left).toEqual([{ runId: latest.id }]);
    const source = await qaRunSource.evaluate(w.project.id, { targetId: w.target.id, qaKind: "devices", withinDays: 60 }, new Date());
    expect(source.href).toBe(`/projects/${w.project.slug}/qa/${latest.id}`);
  });

  it("secret headers: a load run sends them on every request, and no stored row, log or answer holds their values", async () => {
    const { server, requests } = await recordingServer(["authorization", "x-api-key", "x-plain"]);
    try {
      const w = await qaWorld("staging", server.url);
      const member = w.ctx("member");
      const bearer = `Bearer qa-SECRET-${uid()}`;
      const apiKey = `key-SECRET-${uid()}`;
      const run = await createQaRun({
        ctx: member,
        input: {
          projectId: w.project.id,
          data: {
            targetId: w.target.id, kind: "load",
            settings: { durationSeconds: 1, connections: 2, thresholds: ["rate(errors)<0.5"], requests: [{ path: "/a" }, { method: "POST", path: "/b", body: "{}", headers: { "x-plain": "shown", "X-Api-Key": "plain-loses" } }] },
            secrets: { Authorization: bearer, "x-api-key": apiKey },
          },
        },
      });
      expect(run.secretKeys).toEqual(["Authorization", "x-api-key"]);
      expect(await runQaJob(run.id)).toEqual({ status: "passed" });

      expect(requests.length).toBeGreaterThan(2);
      expect(new Set(requests.map((r) => r.path))).toEqual(new Set(["/a", "/b"]));
      expect(requests.filter((r) => r.headers.authorization !== bearer)).toEqual([]);
      // A secret replaces a plain header of the same name, whatever its case.
      expect(requests.filter((r) => r.headers["x-api-key"] !== apiKey)).toEqual([]);
      expect(requests.filter((r) => r.path === "/b").every((r) => r.headers["x-plain"] === "shown")).toBe(true);

      const row = await db.qaRun.findUniqueOrThrow({ where: { id: run.id } });
      expect(row.secretKeys).toEqual(["Authorization", "x-api-key"]);
      expect(decryptSecrets(row.secretsEncrypted!, qaRunBinding(w.project.id, run.id))).toEqual({ Authorization: bearer, "x-api-key": apiKey });
      const read = await getQaRun({ ctx: w.ctx("viewer"), input: { projectId: w.project.id, runId: run.id } });
      const logs = await qaRunLogs({ ctx: w.ctx("viewer"), input: { projectId: w.project.id, runId: run.id, query: {} } });
      expect(logs.length).toBeGreaterThan(0);
      const answers = JSON.stringify([read, logs, await listQaRuns({ ctx: w.ctx("viewer"), input: { projectId: w.project.id, query: {} } })]);
      const stored = await allRowsAsText();
      expect(stored).toContain(run.id);
      for (const secret of [bearer, bearer.slice("Bearer ".length), apiKey]) {
        expect(answers.includes(secret), "an answer holds a secret").toBe(false);
        expect(stored.includes(secret), "a row holds a secret in plaintext").toBe(false);
      }
    } finally {
      await server.close();
    }
  });

  it("secret headers of a profile are re-sealed to each run it starts (by hand, on schedule, after a deploy) and sent", async () => {
    const { server, requests } = await recordingServer(["authorization"]);
    try {
      const w = await qaWorld("staging", server.url);
      const member = w.ctx("member");
      const bearer = `Bearer profile-SECRET-${uid()}`;
      const data = { name: "Smoke load", targetId: w.target.id, kind: "load" as const, settings: { durationSeconds: 1, connections: 1, thresholds: ["rate(errors)<0.5"] }, secrets: { Authorization: bearer, "X-Old": "to-remove" }, everyHours: 1, afterDeploy: true };
      const profile = await createQaProfile({ ctx: member, input: { projectId: w.project.id, data } });
      expect(profile.secretKeys).toEqual(["Authorization", "X-Old"]);
      const updated = await updateQaProfile({ ctx: member, input: { projectId: w.project.id, profileId: profile.id, data: { secrets: { "X-Old": null, "X-Team": "blue-team" } } } });
      expect(updated.secretKeys).toEqual(["Authorization", "X-Team"]);
      const profileRow = await db.qaProfile.findUniqueOrThrow({ where: { id: profile.id } });
      expect(decryptSecrets(profileRow.secretsEncrypted!, qaProfileBinding(w.project.id, profile.id))).toEqual({ Authorization: bearer, "X-Team": "blue-team" });
      const shown = JSON.stringify([await getQaProfile({ ctx: w.ctx("viewer"), input: { projectId: w.project.id, profileId: profile.id } }), await listQaProfiles({ ctx: w.ctx("viewer"), input: { projectId: w.project.id } })]);
      expect(shown).not.toContain(bearer.slice("Bearer ".length));
      expect(shown).not.toContain("blue-team");

      const manual = await runQaProfile({ ctx: member, input: { projectId: w.project.id, profileId: profile.id, data: {} } });
      await db.qaProfile.update({ where: { id: profile.id }, data: { nextRunAt: new Date(Date.now() - 1000) } });
      const [scheduled] = await startScheduledRuns();
      await db.$transaction((tx) => queueRunsAfterDeploy(tx, new Effects(), { id: `dep-${uid()}`, projectId: w.project.id, targetId: w.target.id }));
      const deployed = await db.qaRun.findFirstOrThrow({ where: { profileId: profile.id, trigger: "deployment" } });
      const runs = await db.qaRun.findMany({ where: { id: { in: [manual.id, scheduled, deployed.id] } } });
      expect(runs.map((r) => r.trigger).sort()).toEqual(["deployment", "manual", "schedule"]);
      for (const r of runs) {
        expect(r.secretKeys).toEqual(["Authorization", "X-Team"]);
        // Sealed to the run itself: the profile's binding does not open it.
        expect(decryptSecrets(r.secretsEncrypted!, qaRunBinding(w.project.id, r.id))).toEqual({ Authorization: bearer, "X-Team": "blue-team" });
        expect(() => decryptSecrets(r.secretsEncrypted!, qaProfileBinding(w.project.id, profile.id))).toThrow();
      }

      expect(await runQaJob(manual.id)).toEqual({ status: "passed" });
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every((r) => r.headers.authorization === bearer)).toBe(true);
      // A run started from the profile may add its own secrets; a name given here replaces the profile's.
      const override = await createQaRun({ ctx: member, input: { projectId: w.project.id, data: { targetId: w.target.id, profileId: profile.id, secrets: { "X-Team": "red-team" } } } });
      const overrideRow = await db.qaRun.findUniqueOrThrow({ where: { id: override.id } });
      expect(decryptSecrets(overrideRow.secretsEncrypted!, qaRunBinding(w.project.id, override.id))).toEqual({ Authorization: bearer, "X-Team": "red-team" });
    } finally {
      await server.close();
    }
  });

  it("secret headers: refused for kinds that do not send them, and credentials in plain load headers are refused naming the header", async () => {
    const w = await qaWorld();
    const member = w.ctx("member");
    const input = (data: Record<string, unknown>) => ({ projectId: w.project.id, data: { targetId: w.target.id, ...data } });
    expect(await fieldOf(createQaRun({ ctx: member, input: input({ kind: "links", secrets: { Authorization: "Bearer x" } }) }))).toEqual(["secrets:kind_unsupported"]);
    expect(await fieldOf(createQaProfile({ ctx: member, input: input({ name: "a", kind: "a11y", secrets: { Cookie: "s=1" } }) }))).toEqual(["secrets:kind_unsupported"]);
    const plain = (headers: Record<string, string>) => ({ kind: "load", settings: { requests: [{ path: "/" }, { path: "/x", headers }] } });
    expect(await fieldOf(createQaRun({ ctx: member, input: input(plain({ Authorization: "Bearer x" })) }))).toEqual(["settings.requests.1.headers.Authorization:use_secrets"]);
    expect(await fieldOf(createQaRun({ ctx: member, input: input(plain({ cookie: "s=1", "Proxy-Authorization": "Basic x", "x-ok": "1" })) }))).toEqual([
      "settings.requests.1.headers.cookie:use_secrets",
      "settings.requests.1.headers.Proxy-Authorization:use_secrets",
    ]);
    expect(await fieldOf(createQaProfile({ ctx: member, input: input({ name: "b", ...plain({ COOKIE: "s=1" }) }) }))).toEqual(["settings.requests.1.headers.COOKIE:use_secrets"]);
    expect(await fieldOf(createQaRun({ ctx: member, input: input({ kind: "load", secrets: { Host: "evil.test" } }) }))).toEqual(["secrets.Host:reserved"]);
    expect(await fieldOf(createQaRun({ ctx: member, input: input({ kind: "load", secrets: { "X-Token": "a\r\nGET / HTTP/1.1" } }) }))).toEqual(["secrets.X-Token:one_line"]);
    const links = await createQaProfile({ ctx: member, input: input({ name: "links", kind: "links" }) });
    expect(await fieldOf(updateQaProfile({ ctx: member, input: { projectId: w.project.id, profileId: links.id, data: { secrets: { Authorization: "Bearer x" } } } }))).toEqual(["secrets:kind_unsupported"]);
    expect(await db.qaRun.count({ where: { projectId: w.project.id } })).toBe(0);
    expect(await db.qaProfile.count({ where: { projectId: w.project.id } })).toBe(1);

    // A credential saved in plain settings before the rule is shown hidden, never as its value.
    const legacy = await db.qaProfile.create({ data: { projectId: w.project.id, targetId: w.target.id, kind: "load", name: "legacy", settings: { requests: [{ method: "GET", path: "/", headers: { authorization: "Bearer legacy-value" } }] } } });
    const read = await getQaProfile({ ctx: w.ctx("viewer"), input: { projectId: w.project.id, profileId: legacy.id } });
    expect(read.settings).toEqual({ requests: [{ method: "GET", path: "/", headers: { authorization: "(hidden)" } }] });
  });

  it("an engine that ignores its signal past the hard limit still ends the run, errored with a sentence", async () => {
    const w = await qaWorld();
    const run = await createQaRun({ ctx: w.ctx("member"), input: { projectId: w.project.id, data: { targetId: w.target.id, kind: "links" } } });
    // Never returns, whatever its signal says.
    const stubborn: Engine<unknown> = { kind: "links", settings: z.unknown(), run: () => new Promise(() => {}) };
    expect(await runQaJob(run.id, { engine: stubborn, limits: { maxDurationMs: 1000, maxRequests: 10 }, graceMs: 1000 })).toEqual({ status: "errored" });
    const row = await db.qaRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(row.summary).toBe("The links and smoke did not stop within 1 s of its hard limit of 1 s, so the run was ended without its results.");
    expect(row.finishedAt).not.toBeNull();
    const logs = await qaRunLogs({ ctx: w.ctx("member"), input: { projectId: w.project.id, runId: run.id, query: {} } });
    expect(logs.map((l) => l.message)).toContain("Stopped at the hard limit of 1 s.");
  });

  it("a schedule sweep: a profile whose secrets no longer open still gets its run, which ends errored saying why, and the others start", async () => {
    const w = await qaWorld();
    const member = w.ctx("member");
    const data = (name: string) => ({ name, targetId: w.target.id, kind: "load" as const, settings: { durationSeconds: 1 }, everyHours: 1, secrets: { "X-Token": `token-${uid()}` } });
    const broken = await createQaProfile({ ctx: member, input: { projectId: w.project.id, data: data("broken") } });
    const fine = await createQaProfile({ ctx: member, input: { projectId: w.project.id, data: data("fine") } });
    // An envelope sealed to another profile does not open here (as after a change of ENCRYPTION_KEY).
    const envelope = (await db.qaProfile.findUniqueOrThrow({ where: { id: fine.id } })).secretsEncrypted;
    const brokenSlot = new Date(Date.now() - 120_000);
    await db.qaProfile.update({ where: { id: broken.id }, data: { secretsEncrypted: envelope, nextRunAt: brokenSlot } });
    await db.qaProfile.update({ where: { id: fine.id }, data: { nextRunAt: new Date(Date.now() - 60_000) } });

    const stderr = vi.spyOn(process.stderr, "write");
    let started: string[];
    let written: string[];
    try {
      started = await startScheduledRuns();
    } finally {
      written = stderr.mock.calls.map(([chunk]) => String(chunk));
      stderr.mockRestore();
    }
    const fineRuns = await db.qaRun.findMany({ where: { profileId: fine.id } });
    expect(fineRuns.map((r) => r.trigger)).toEqual(["schedule"]);
    expect(started).toContain(fineRuns[0].id);
    // The broken profile's slot moves on like any other (it is not retried every minute), and its run says what is wrong.
    const brokenRuns = await db.qaRun.findMany({ where: { profileId: broken.id } });
    expect(brokenRuns.map((r) => [r.trigger, r.secretKeys])).toEqual([["schedule", ["X-Token"]]]);
    expect((await db.qaProfile.findUniqueOrThrow({ where: { id: broken.id } })).nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await runQaJob(brokenRuns[0].id)).toEqual({ status: "errored" });
    expect((await db.qaRun.findUniqueOrThrow({ where: { id: brokenRuns[0].id } })).summary).toMatch(/could not be decrypted .*ENCRYPTION_KEY/);
    const logged = written.filter((line) => line.includes('"msg":"qa.profile_secrets_unreadable"'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(broken.id);
    await db.qaProfile.update({ where: { id: broken.id }, data: { everyHours: null } });
    await db.qaProfile.update({ where: { id: fine.id }, data: { everyHours: null } });
  });

  it("a deployment that fails queues nothing; one that succeeds queues the target's after-deploy profiles, with their secrets", async () => {
    const w = await deployWorld({ environment: "staging", policy: { verifySeconds: 0 } });
    try {
      const member = w.ctx("member");
      const bearer = `Bearer after-deploy-${uid()}`;
      const after = await createQaProfile({
        ctx: member,
        input: { projectId: w.projectId, data: { name: "After deploy", targetId: w.target.id, kind: "load", settings: { durationSeconds: 1 }, afterDeploy: true, secrets: { Authorization: bearer } } },
      });
      await createQaProfile({ ctx: member, input: { projectId: w.projectId, data: { name: "By hand", targetId: w.target.id, kind: "links" } } });

      await fetch(`${w.app.url}/__deploy`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ breakNextDeploy: true }) });
      const failed = await w.request("member");
      expect((await runDeployment(failed.id, "test-worker")).outcome).toBe("failed");
      expect(await db.qaRun.count({ where: { projectId: w.projectId } })).toBe(0);

      const deployed = await w.request("member");
      expect((await runDeployment(deployed.id, "test-worker")).outcome).toBe("succeeded");
      const runs = await db.qaRun.findMany({ where: { projectId: w.projectId } });
      expect(runs.map((r) => [r.profileId, r.trigger, r.deploymentId, r.status, r.requestedByLabel])).toEqual([
        [after.id, "deployment", deployed.id, "queued", `system:qa.after-deploy#${deployed.id}`],
      ]);
      expect(decryptSecrets(runs[0].secretsEncrypted!, qaRunBinding(w.projectId, runs[0].id))).toEqual({ Authorization: bearer });
      // Its job was written to the outbox in the deployment's own transaction, for the worker to take.
      expect(await db.outboxJob.count({ where: { name: "qa.run", payload: { path: ["runId"], equals: runs[0].id } } })).toBe(1);

      // Secrets that no longer open (sealed to another row here; a changed ENCRYPTION_KEY does the same) must not fail
      // the deployment: it succeeds, and the run it starts ends errored saying why, where people look.
      const other = await createQaProfile({ ctx: member, input: { projectId: w.projectId, data: { name: "Other", targetId: w.target.id, kind: "load", secrets: { Authorization: "x" } } } });
      const foreignEnvelope = (await db.qaProfile.findUniqueOrThrow({ where: { id: other.id } })).secretsEncrypted;
      await db.qaProfile.update({ where: { id: after.id }, data: { secretsEncrypted: foreignEnvelope } });
      const again = await w.request("member");
      expect((await runDeployment(again.id, "test-worker")).outcome).toBe("succeeded");
      const unreadable = await db.qaRun.findFirstOrThrow({ where: { deploymentId: again.id } });
      expect(unreadable.secretKeys).toEqual(["Authorization"]);
      expect(await runQaJob(unreadable.id)).toEqual({ status: "errored" });
      expect((await db.qaRun.findUniqueOrThrow({ where: { id: unreadable.id } })).summary).toMatch(/could not be decrypted/);
    } finally {
      await w.app.close(100);
    }
  });
});

