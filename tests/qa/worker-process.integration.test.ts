import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTarget } from "@/lib/targets/targets";
import { createQaRun } from "@/lib/qa/runs";
import { projectWithRoles, uid, userCtx } from "@/tests/helpers/fixtures";
import { startWorkerProcess, type WorkerProcess } from "@/tests/helpers/worker-process";
import { localServer } from "@/tests/net/local-server";

// The browser kinds through the worker as production runs it (`node --import tsx workers/index.ts`), not through the
// test runner's own transform: tsx names functions with a helper that does not exist in the page, and an engine that
// works in vitest could error on every real run (it did, until lib/qa/browser.ts defined the helper in the page).

let worker: WorkerProcess;
let site: Awaited<ReturnType<typeof localServer>>;
beforeAll(async () => {
  site = await localServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end('<!doctype html><html lang="en"><head><title>Shop</title></head><body><main><h1>Shop</h1><img src="/logo.png"><a href="/">Home</a></main></body></html>');
  });
  worker = await startWorkerProcess();
});
afterAll(async () => {
  await worker?.killGroup("SIGTERM");
  await site?.close();
});

describe("QA runs in the worker process", () => {
  it("accessibility and devices runs measure the page (the planted missing alt text is found), not error", async () => {
    const { project, users } = await projectWithRoles();
    const ctx = userCtx(users.member);
    const target = await createTarget({ ctx: userCtx(users.admin), input: { projectId: project.id, data: { name: `t-${uid()}`, environment: "staging", baseUrl: site.url } } });
    const a11y = await createQaRun({ ctx, input: { projectId: project.id, data: { targetId: target.id, kind: "a11y", settings: { pages: { source: "list", paths: ["/"] } } } } });
    const devices = await createQaRun({ ctx, input: { projectId: project.id, data: { targetId: target.id, kind: "devices", settings: { paths: ["/"], profiles: ["desktop"], colorSchemes: ["light"] } } } });
    const finished = (id: string) => db.qaRun.findUniqueOrThrow({ where: { id } }).then((r) => (r.finishedAt ? r : null));
    await expect.poll(() => finished(a11y.id), { timeout: 90_000, interval: 500 }).not.toBeNull();
    await expect.poll(() => finished(devices.id), { timeout: 90_000, interval: 500 }).not.toBeNull();
    const [a, d] = await Promise.all([finished(a11y.id), finished(devices.id)]);
    expect([a!.status, a!.summary]).toEqual(["failed", expect.stringMatching(/1 page audited/)]);
    expect(await db.qaFinding.findMany({ where: { runId: a11y.id, gating: true }, select: { rule: true, location: true } })).toEqual([{ rule: "image-alt", location: "/" }]);
    expect(d!.status).toBe("passed");
    expect(await db.qaArtifact.count({ where: { runId: devices.id } })).toBe(1);
  });
});
