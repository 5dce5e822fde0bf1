import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { seedDemo } from "@/lib/seed/demo";
import { systemCtx } from "@/lib/auth/context";
import { exportChangelog, listReleases } from "@/lib/releases/releases";

// The first seed measures one QA run of each kind for real (a browser, a load test): it takes tens of seconds.
vi.setConfig({ testTimeout: 180_000 });

describe("the demo seed", () => {
  it("gives Acme Web a release history up to the versions its targets run, and running it again changes nothing", async () => {
    const { projectId } = await seedDemo(db);
    await seedDemo(db);
    const ctx = systemCtx("test");
    const releases = await listReleases({ ctx, input: { projectId } });
    expect(releases.map((r) => r.version)).toEqual(["1.4.0", "1.3.2", "1.3.1", "1.3.0", "1.2.0"]);
    expect(releases[0].changes.breaking).toHaveLength(1);
    const changelog = await exportChangelog({ ctx, input: { projectId } });
    expect(changelog).toContain("## [1.4.0]");
    expect(changelog).toContain("### Breaking changes");
    expect(await db.auditLog.count({ where: { projectId, action: "release.create" } })).toBe(5);
  });
});

describe("the demo deployments", () => {
  it("put 1.3.2 live on production and 1.4.0 on staging, deployable by command, with 1.4.0 waiting for the approver on production", async () => {
    const { projectId, users } = await seedDemo(db);
    await seedDemo(db);
    const ctx = systemCtx("test");
    const { getTargetDeployState, listDeployments, approvalInbox } = await import("@/lib/deployments/deployments");
    const targets = await db.target.findMany({ where: { projectId }, orderBy: { name: "asc" } });
    const [production, staging] = targets;
    expect(production.providerKind).toBe("command");
    expect(production.providerSettings).toMatchObject({ command: `node examples/demo-target/deploy.mjs ${production.baseUrl}` });
    const prod = await getTargetDeployState({ ctx, input: { projectId, targetId: production.id } });
    expect(prod.live?.version).toBe("1.3.2");
    expect(prod.policy.approvalsRequired).toBe(1);
    expect(prod.deployable.ok).toBe(true);
    expect(prod.waiting.map((d) => [d.release.version, d.status])).toEqual([["1.4.0", "awaiting_approval"]]);
    expect((await getTargetDeployState({ ctx, input: { projectId, targetId: staging.id } })).live?.version).toBe("1.4.0");
    // Seven deploys, the staging rollback drill and the push waiting for approval.
    const all = await listDeployments({ ctx, input: { projectId, query: {} } });
    expect(all.length).toBe(9);
    expect(all.filter((d) => d.kind === "rollback").map((d) => [d.target.name, d.release.version, d.status])).toEqual([["staging", "1.3.0", "succeeded"]]);
    const approver = await db.user.findUniqueOrThrow({ where: { id: users.approver } });
    const inbox = await approvalInbox({ ctx: { actor: { type: "user", userId: approver.id, email: approver.email, name: approver.name, isInstanceAdmin: false } } });
    expect(inbox.map((d) => d.release.version)).toContain("1.4.0");
  });
});

describe("the demo QA runs", () => {
  it("are one finished run of each kind, measured for real: the planted problems found on staging, production passing", async () => {
    const { projectId } = await seedDemo(db);
    await seedDemo(db);
    const runs = await db.qaRun.findMany({ where: { projectId }, include: { target: true, findings: true, artifacts: { select: { name: true } } }, orderBy: { number: "asc" } });
    expect(runs.map((r) => [r.kind, r.target.name, r.status])).toEqual([
      ["load", "production", "passed"],
      ["a11y", "production", "passed"],
      ["a11y", "staging", "failed"],
      ["links", "staging", "failed"],
      ["fuzz", "staging", "failed"],
      ["devices", "staging", "failed"],
    ]);
    const found = (kind: string) => runs.find((r) => r.kind === kind && r.status === "failed")!.findings.filter((f) => f.gating).map((f) => `${f.rule} ${f.location}`).sort();
    expect(found("a11y")).toEqual(["button-name /changelog", "color-contrast /changelog", "image-alt /changelog", "label /changelog"]);
    expect(found("links")).toEqual(["broken-link /docs/v1"]);
    expect(found("fuzz")).toEqual(["server-error POST /api/feedback"]);
    // Not planted, but real: the demo's nav links are smaller than 24 px on touch screens.
    expect(found("devices")).toContain("tap-target-too-small / on phone (390×844)");
    // Stored against the demo targets' usual addresses, with the screenshots of the device matrix.
    expect(runs.every((r) => r.baseUrl === r.target.baseUrl && r.finishedAt)).toBe(true);
    // …and what a person reads names those addresses, not the throwaway port of the copy the seed measured.
    const logs = await db.qaLog.findMany({ where: { runId: { in: runs.map((r) => r.id) } }, include: { run: { include: { target: true } } } });
    expect(logs.length).toBeGreaterThan(runs.length);
    const ports = (text: string) => [...text.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => m[1]);
    for (const line of logs) for (const port of ports(line.message)) expect(line.run.target.baseUrl, line.message).toContain(`:${port}`);
    for (const run of runs) for (const port of ports(`${run.summary} ${JSON.stringify(run.metrics)} ${JSON.stringify(run.findings)}`)) expect(run.target.baseUrl, run.summary ?? "").toContain(`:${port}`);
    expect(runs.find((r) => r.kind === "devices")!.artifacts.filter((a) => a.name.startsWith("devices/"))).toHaveLength(12);
    // Two saved profiles show QA running by itself: links after each staging deploy, accessibility nightly (not yet due).
    const profiles = await db.qaProfile.findMany({ where: { projectId }, include: { target: true }, orderBy: { name: "asc" } });
    expect(profiles.map((p) => [p.name, p.kind, p.target.name, p.afterDeploy, p.everyHours])).toEqual([
      ["Links after each deploy", "links", "staging", true, null],
      ["Nightly accessibility", "a11y", "staging", false, 24],
    ]);
    expect(profiles[1].nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    // The seed ran them itself: no job is left for a worker to pick up.
    const ids = new Set(runs.map((r) => r.id));
    const jobs = await db.outboxJob.findMany({ where: { name: "qa.run" }, select: { payload: true } });
    expect(jobs.filter((j) => ids.has((j.payload as { runId: string }).runId))).toEqual([]);
  });
});

describe("the demo launch", () => {
  it("is in soft launch with Phase 5 partly done, one waiver, one blocking item open and the automated items measured", async () => {
    const { projectId } = await seedDemo(db);
    await seedDemo(db);
    const { getActiveLaunch } = await import("@/lib/launch/launches");
    const launch = (await getActiveLaunch({ ctx: systemCtx("test"), input: { projectId } }))!;
    expect(await db.launch.count({ where: { projectId } })).toBe(1);
    expect(launch).toMatchObject({ name: "Acme Web 2.0", stage: "soft_launch", templateName: "Phase 5 — Deployment, Scaling & Handoff" });
    expect(launch.items).toHaveLength(36);
    expect(launch.items.filter((i) => i.status === "waived").map((i) => [i.title, i.waiver?.by])).toEqual([["CDN linked", "approver@acme.test"]]);
    const byTitle = (t: string) => launch.items.find((i) => i.title.startsWith(t))!;
    // T-Minus measured these from the seeded history: the approved production push and the staging rollback drill.
    expect(byTitle("Production push")).toMatchObject({ status: "done", satisfied: true, binding: { ok: true } });
    expect(byTitle("CI/CD finalised with rollback safety")).toMatchObject({ status: "done", satisfied: true, signOff: { by: "approver@acme.test" } });
    // Measured from the seeded QA runs: the load test and the launch pages' accessibility passed on production (and were
    // signed off); bad-input hammering on staging found the feedback endpoint's planted 500.
    expect(byTitle("High-traffic simulation")).toMatchObject({ status: "done", satisfied: true, binding: { ok: true }, signOff: { by: "approver@acme.test" } });
    expect(byTitle("Accessibility")).toMatchObject({ status: "done", satisfied: true, binding: { ok: true }, signOff: { by: "admin@acme.test" } });
    // Measured from the seeded runbooks: the maintenance SOP page is filled in and was reviewed 6 days ago.
    expect(byTitle("Maintenance SOP")).toMatchObject({ status: "done", satisfied: true, binding: { ok: true }, signOff: { by: "approver@acme.test" } });
    expect(byTitle("Maintenance SOP").binding?.summary).toMatch(/^"Maintenance SOP" reviewed 6 d ago$/);
    expect(byTitle("Edge-case hammering")).toMatchObject({ status: "todo", blocking: true, satisfied: false, binding: { ok: false } });
    expect(byTitle("Edge-case hammering").binding?.summary).toMatch(/^QA-\d+ bad-input hammering on staging failed .*: 1 problem/);
    // Holding: edge-case hammering, and until production's health check has results, the uptime item.
    const holding = launch.readiness.holding.map((h) => h.title);
    expect(holding[0]).toMatch(/^Edge-case hammering/);
    expect(holding.slice(1)).toEqual(holding.length > 1 ? ["Real-time uptime checks"] : []);
    expect(launch.readiness.go).toBe(false);
    expect(launch.decisions.map((d) => [d.fromStage, d.toStage, d.decidedBy])).toEqual([["planned", "soft_launch", "admin@acme.test"]]);
  });
});

describe("the demo's check of T-Minus itself", () => {
  it("probes this T-Minus's /api/health at NEXTAUTH_URL for 200 and status ok, once however often the seed runs", async () => {
    const { projectId } = await seedDemo(db);
    await seedDemo(db);
    const checks = await db.check.findMany({ where: { projectId, name: "T-Minus health" } });
    expect(checks).toHaveLength(1);
    const [check] = checks;
    // The integration setup sets NEXTAUTH_URL=http://localhost:3000, as `npm run up` does by default.
    expect(check).toMatchObject({ kind: "http", targetId: null, enabled: true, intervalSeconds: 60, timeoutSeconds: 10 });
    expect(check.settings).toEqual({
      url: "http://localhost:3000/api/health",
      method: "GET",
      headers: {},
      expectedStatus: "200",
      jsonPath: { path: "$.status", equals: "ok" },
      followRedirects: true,
    });
    expect(await db.auditLog.count({ where: { projectId, action: "check.create", objectId: check.id } })).toBe(1);

    // The assertion fits the real endpoint: the route's own answer, served on loopback and probed through the guarded
    // client under the "local" policy the demo runs with (NETWORK_POLICY's default), passes with a worker alive and
    // fails naming $.status without one.
    const { GET } = await import("@/app/api/health/route");
    const { localServer } = await import("@/tests/net/local-server");
    const { runProbe } = await import("@/lib/monitoring/probes");
    const { ZHttpSettings } = await import("@/lib/monitoring/schemas");
    const { LOCAL_POLICY, HOSTED_POLICY } = await import("@/lib/net/policy");
    const { redis } = await import("@/lib/redis");
    const { heartbeatKey } = await import("@/lib/observability/health");
    const server = await localServer(async (_req, res) => {
      const answer = await GET();
      res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
    });
    const settings = { ...ZHttpSettings.parse(check.settings), url: `${server.url}/api/health` };
    const probe = (policy = LOCAL_POLICY) => runProbe({ kind: "http", settings, secretHeaders: {}, timeoutMs: 5000 }, { policy });
    try {
      await redis().set(heartbeatKey("seed-test-worker"), "{}", "EX", 30);
      expect(await probe()).toMatchObject({ status: "up", httpStatus: 200 });
      // No worker heartbeat at all (this file starts no worker): /api/health says "degraded" with 503.
      const keys = await redis().keys(heartbeatKey("*"));
      await redis().del(...keys);
      expect(await probe()).toMatchObject({ status: "down", httpStatus: 503 });
      // An instance on the "hosted" policy refuses loopback, so there the check reports why instead of probing.
      const refused = await probe(HOSTED_POLICY);
      expect(refused.status).toBe("down");
      expect(refused.error).toMatch(/does not let workers reach loopback addresses/);
    } finally {
      await redis().del(heartbeatKey("seed-test-worker"));
      await server.close();
    }
  });
});
