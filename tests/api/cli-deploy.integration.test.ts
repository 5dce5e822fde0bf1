import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { rejectDeployment } from "@/lib/deployments/deployments";
import { runDeployment } from "@/lib/deployments/runner";
import { apiToken } from "@/tests/helpers/fixtures";
import { startApiServer } from "@/tests/helpers/api-server";
import { deployWorld, waitFor } from "@/tests/deployments/helpers";

// `tminus deploy` as CI runs it: the real CLI in a child process against the REST API on a loopback port, real
// Postgres and Redis, and the deployment run by the real runner (in this process) deploying the demo target app.

const cli = path.resolve(__dirname, "../../bin/tminus.mjs");
let server: Awaited<ReturnType<typeof startApiServer>>;

type World = Awaited<ReturnType<typeof deployWorld>>;
const worlds: World[] = [];
async function world(opts: Parameters<typeof deployWorld>[0] = {}) {
  const w = await deployWorld(opts);
  worlds.push(w);
  const token = await apiToken(w.projectId, w.users.admin, "member");
  const env = { TMINUS_URL: server.url, TMINUS_TOKEN: token, TMINUS_PROJECT: w.project.slug };
  return { ...w, env };
}

function tminus(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Waits for the CLI's deployment to be queued, then runs it here as a worker would. */
async function runWhenQueued(targetId: string) {
  const d = await waitFor("the deployment to be queued", () => db.deployment.findFirst({ where: { targetId, status: "queued" } }));
  return runDeployment(d.id, "cli-test");
}

beforeAll(async () => {
  server = await startApiServer();
});
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.app.close(100);
});
afterAll(async () => {
  await server?.close();
});

describe("tminus deploy", () => {
  it("deploys to a staging target that needs no approval, prints the steps and the deploy log, and exits 0", async () => {
    const w = await world({ environment: "staging" });
    const run = tminus(["deploy", "1.1.0", "--target", w.target.name, "--wait", "--timeout", "60s", "--reason", "ship search"], w.env);
    const ran = await runWhenQueued(w.target.id);
    expect(ran.outcome).toBe("succeeded");
    const r = await run;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const d = await db.deployment.findFirstOrThrow({ where: { targetId: w.target.id } });
    expect(r.stdout).toContain(`Deployment #${d.number}: 1.1.0 → ${w.target.name} (staging), queued`);
    expect(r.stdout).toContain(`${server.url}/projects/${w.project.slug}/deployments/${d.id}`);
    expect(r.stdout).toContain("– Approvals (skipped) — This target needs no approval.");
    // Log lines of the deploy command, in order, between the steps that wrote them.
    expect(r.stdout).toMatch(/Deploying Acme 1\.1\.0[\s\S]*Installing dependencies…[\s\S]*Switching traffic to 1\.1\.0[\s\S]*Now serving 1\.1\.0 \(was 1\.0\.0\)/);
    expect(r.stdout).toMatch(/✓ Deploy started[\s\S]*✓ Verifying health — Healthy/);
    expect(r.stdout).toMatch(new RegExp(`✓ 1\\.1\\.0 is live on ${w.target.name} \\(deployment #${d.number} in \\d+ s\\)\\.\\n$`));
    expect(d).toMatchObject({ status: "succeeded", reason: "ship search", requestedBy: expect.stringMatching(/^token:/) });
    expect(d.idempotencyKey).toMatch(/^tminus-cli-/);
    expect(await (await fetch(`${w.app.url}/version`)).json()).toMatchObject({ version: "1.1.0" });
  });

  it("waits for approval on production: --timeout 2s exits 4, says what it waits for and leaves the deployment waiting", async () => {
    const w = await world();
    const started = Date.now();
    const r = await tminus(["deploy", "1.1.0", "--target", w.target.name, "--wait", "--timeout", "2s"], w.env);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(Date.now() - started).toBeLessThan(15_000);
    const d = await db.deployment.findFirstOrThrow({ where: { targetId: w.target.id } });
    const url = `${server.url}/projects/${w.project.slug}/deployments/${d.id}`;
    expect(r.stdout).toContain(`Deployment #${d.number} is waiting for 1 approval from approver or admin — approve at ${url}`);
    expect(r.stdout).toContain(`Timed out after 2 s: deployment #${d.number} is still waiting for 1 approval from approver or admin`);
    expect(r.stdout).toContain("The deployment was left as it is (not cancelled) and carries on in T-Minus");
    expect(d.status).toBe("awaiting_approval");

    // status prints the state at once, and exits 0 whatever the state is.
    const status = await tminus(["deploy", "status", `#${d.number}`], w.env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`Deployment #${d.number}: 1.1.0 → ${w.target.name} (production), waiting for approval`);
    expect(status.stdout).toContain("✗ Approvals: Waiting for 1 more approval (0 of 1).");
    expect(status.stdout).toContain("Now: waiting for 1 approval from approver or admin");
  });

  it("exits 3 when an approver rejects the deployment, printing who and why", async () => {
    const w = await world();
    const run = tminus(["deploy", "1.1.0", "--target", w.target.id, "--wait", "--timeout", "30s"], w.env);
    const d = await waitFor("the deployment", () => db.deployment.findFirst({ where: { targetId: w.target.id, status: "awaiting_approval" } }));
    await rejectDeployment({ ctx: w.ctx("approver"), input: { projectId: w.projectId, deploymentId: d.id, data: { reason: "not during the demo" } } });
    const r = await run;
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stdout).toContain(`✗ rejected by ${w.users.approver.email} (approver): not during the demo`);
    expect(r.stdout).toContain(`✗ Deployment #${d.number} was cancelled: Rejected by ${w.users.approver.email}: not during the demo`);
  });

  it("exits 1 with the deploy's failure, and 2 when a failed health check was rolled back", async () => {
    const failing = await world({ environment: "staging", command: `echo "compiling $TMINUS_VERSION"; echo "out of disk" >&2; exit 3` });
    const run = tminus(["deploy", "1.1.0", "--target", failing.target.name, "--wait"], failing.env);
    await runWhenQueued(failing.target.id);
    const r = await run;
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain("compiling 1.1.0");
    expect(r.stdout).toContain("out of disk");
    expect(r.stdout).toMatch(/✗ Deployment #\d+ failed: .+/);

    // A command that changes nothing: 1.0.0 (what the demo app runs) verifies, 1.1.0 does not and is rolled back to 1.0.0.
    const noop = await world({ environment: "staging", command: `echo "pretending to deploy $TMINUS_VERSION"` });
    const first = tminus(["deploy", "1.0.0", "--target", noop.target.name, "--wait"], noop.env);
    await runWhenQueued(noop.target.id);
    expect((await first).code).toBe(0);
    const second = tminus(["deploy", "1.1.0", "--target", noop.target.name, "--wait"], noop.env);
    await runWhenQueued(noop.target.id);
    const back = await second;
    expect(back.code, back.stdout + back.stderr).toBe(2);
    expect(back.stdout).toMatch(/✗ Deployment #\d+ was rolled back to 1\.0\.0: Health check failed/);
  });

  it("exits 1 with the lock's sentence when the target is locked, and creates nothing", async () => {
    const w = await world({ environment: "staging" });
    const approverToken = await apiToken(w.projectId, w.users.admin, "approver");
    const lock = await tminus(
      ["call", "targets.lock", "--param", `projectId=${w.project.slug}`, "--param", `targetId=${w.target.id}`, "--body", JSON.stringify({ reason: "incident 42: payments down" })],
      { ...w.env, TMINUS_TOKEN: approverToken },
    );
    expect(lock.code, lock.stderr).toBe(0);
    const r = await tminus(["deploy", "1.1.0", "--target", w.target.name, "--wait"], w.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^tminus: ${w.target.name} is locked by token:.+: incident 42: payments down\\. Unlock it, or an admin can override the lock with a reason\\. \\[gate_closed, HTTP 409\\]\\n$`));
    expect(await db.deployment.count({ where: { targetId: w.target.id } })).toBe(0);
  });

  it("makes one deployment for one idempotency key: when run twice, and when the answer to the first request is lost", async () => {
    const w = await world();
    const args = ["deploy", "1.1.0", "--target", w.target.name, "--idempotency-key", "gh-run-4711"];
    const a = await tminus(args, w.env);
    const b = await tminus(args, w.env);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const rows = await db.deployment.findMany({ where: { targetId: w.target.id } });
    expect(rows).toHaveLength(1);
    expect(a.stdout).toContain(`Deployment #${rows[0].number}: 1.1.0`);
    expect(b.stdout).toContain(`Deployment #${rows[0].number}: 1.1.0`);
    expect(a.stdout).toContain("Not waiting for it (no --wait). Follow it with: npx tminus deploy status");

    // The same key for another release is refused with the server's sentence.
    const other = await tminus(["deploy", "1.0.0", "--target", w.target.name, "--idempotency-key", "gh-run-4711"], w.env);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("This idempotency key was already used for another deployment");

    // The server makes the deployment but the connection drops before the answer: the CLI asks again with its key.
    const proxy = await droppingProxy(server.url);
    try {
      const s = await world({ environment: "staging" });
      const r = await tminus(["deploy", "1.1.0", "--target", s.target.name], { ...s.env, TMINUS_URL: proxy.url });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(proxy.dropped()).toBe(1);
      expect(r.stdout).toContain("T-Minus did not answer");
      expect(r.stdout).toContain("with the same idempotency key, so it cannot deploy twice");
      expect(await db.deployment.count({ where: { targetId: s.target.id } })).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it("exits 64 on bad usage: no target, an unknown target (naming the project's targets), a bad timeout, a stray option", async () => {
    const w = await world();
    const cases: [string[], RegExp][] = [
      [["deploy", "1.1.0"], /--target is required/],
      [["deploy", "--target", w.target.name], /Name one release to deploy/],
      [["deploy", "1.1.0", "--target", "prod"], new RegExp(`No target "prod" in project ${w.project.slug}; its targets are: ${w.target.name}`)],
      [["deploy", "1.1.0", "--target", w.target.name, "--wait", "--timeout", "soon"], /--timeout "soon" is not a duration/],
      [["deploy", "1.1.0", "--target", w.target.name, "--timeout", "5m"], /--timeout applies only with --wait/],
      [["deploy", "1.1.0", "--target", w.target.name, "--idempotency-key", "short"], /--idempotency-key must be 8–200/],
      [["deploy", "1.1.0", "--wiat", "yes", "--target", w.target.name], /deploy does not take --wiat/],
      [["deploy", "1.1.0", "--wiat", "--target", w.target.name], /--wiat needs a value/],
      [["deploy", "status"], /Name one deployment/],
    ];
    for (const [args, message] of cases) {
      const r = await tminus(args, w.env);
      expect([r.code, r.stderr], args.join(" ")).toEqual([64, expect.stringMatching(message)]);
    }
    const noProject = await tminus(["deploy", "1.1.0", "--target", "x"], { ...w.env, TMINUS_PROJECT: "" });
    expect([noProject.code, noProject.stderr]).toEqual([64, expect.stringMatching(/--project is required .*or set TMINUS_PROJECT/)]);
    expect(await db.deployment.count({ where: { targetId: w.target.id } })).toBe(0);
  });
});

/** Forwards to the API, except that it drops the connection after the first deployment request reached the server. */
async function droppingProxy(upstream: string) {
  let dropped = 0;
  const proxy: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const name of ["authorization", "content-type"]) if (req.headers[name]) headers[name] = String(req.headers[name]);
    const answer = await fetch(`${upstream}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    const body = Buffer.from(await answer.arrayBuffer());
    if (req.method === "POST" && /\/deployments$/.test(req.url ?? "") && dropped === 0) {
      dropped++;
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
    res.end(body);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    dropped: () => dropped,
    close: () => new Promise<void>((resolve) => { proxy.closeAllConnections(); proxy.close(() => resolve()); }),
  };
}
