import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTarget } from "@/lib/targets/targets";
import { createQaProfile } from "@/lib/qa/profiles";
import { apiToken, projectWithRoles, uid, userCtx } from "@/tests/helpers/fixtures";
import { startApiServer } from "@/tests/helpers/api-server";
import { startWorkerProcess, type WorkerProcess } from "@/tests/helpers/worker-process";
import { localServer } from "@/tests/net/local-server";

// `tminus qa` as CI runs it: the real CLI in a child process against the REST API on a loopback port, and the run
// done by a real worker process (`npm run worker`) with the real links engine crawling small sites on loopback.

const cli = path.resolve(__dirname, "../../bin/tminus.mjs");
let server: Awaited<ReturnType<typeof startApiServer>>;
let worker: WorkerProcess;
type Site = Awaited<ReturnType<typeof localServer>>;
const sites: Site[] = [];

function page(res: import("node:http").ServerResponse, body: string) {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html lang="en"><head><title>Site</title></head><body>${body}</body></html>`);
}
function notFound(res: import("node:http").ServerResponse) {
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found");
}

/** Home links to /pricing and, when `broken`, to /old, which answers 404. */
async function site(broken: boolean) {
  const s = await localServer((req, res) => {
    if (req.url === "/") return page(res, `<a href="/pricing">Pricing</a>${broken ? '<a href="/old">Old</a>' : ""}`);
    if (req.url === "/pricing") return page(res, "<p>Prices</p>");
    notFound(res);
  });
  sites.push(s);
  return s;
}

/** Every page takes 400 ms and links to 30 new ones: a crawl that is still running when the CLI stops waiting. */
async function slowSite() {
  const s = await localServer((_req, res) => {
    setTimeout(() => page(res, Array.from({ length: 30 }, (_, i) => `<a href="/p${uid()}${i}">p</a>`).join("")), 400);
  });
  sites.push(s);
  return s;
}

async function world() {
  const { project, users } = await projectWithRoles();
  const admin = userCtx(users.admin);
  const target = async (environment: string, baseUrl: string) =>
    createTarget({ ctx: admin, input: { projectId: project.id, data: { name: `${environment}-${uid()}`, environment, baseUrl } } });
  const token = await apiToken(project.id, users.admin, "member");
  return { project, users, admin, target, env: { TMINUS_URL: server.url, TMINUS_TOKEN: token, TMINUS_PROJECT: project.slug } };
}

function tminus(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return Object.assign(done, { child, stdout: () => stdout });
}

const runOf = (projectId: string, number: number) => db.qaRun.findFirstOrThrow({ where: { projectId, number } });

beforeAll(async () => {
  [server, worker] = await Promise.all([startApiServer(), startWorkerProcess()]);
});
afterAll(async () => {
  await worker?.killGroup("SIGTERM");
  await server?.close();
  for (const s of sites.splice(0)) await s.close();
});

describe("tminus qa", () => {
  it("runs links against a clean site: names the run, follows it, exits 0 passed; status and --json read it back", async () => {
    const w = await world();
    const staging = await w.target("staging", (await site(false)).url);
    const r = await tminus(["qa", "links", "--target", staging.name, "--settings", '{"maxPages": 5}', "--wait", "--timeout", "60s"], w.env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // Queued by the request; the worker may have picked it up before the answer was read.
    expect(r.stdout).toMatch(new RegExp(`^QA-1 links and smoke on ${staging.name} (queued|running)\\n`));
    const run = await runOf(w.project.id, 1);
    expect(run).toMatchObject({ status: "passed", trigger: "api", settings: expect.objectContaining({ maxPages: 5 }) });
    expect(r.stdout).toContain(`${server.url}/projects/${w.project.slug}/qa/${run.id}`);
    expect(r.stdout).toMatch(new RegExp(`✓ QA-1 links and smoke on ${staging.name} passed in \\d+ s: .+\\nFindings: 0 new, 0 still there, 0 fixed\\n$`));

    for (const ref of ["QA-1", "1", run.id]) {
      const status = await tminus(["qa", "status", ref], w.env);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toMatch(new RegExp(`^QA-1 links and smoke on ${staging.name} \\(staging\\), passed\\nRequested by token:.+ \\(api\\)`));
      expect(status.stdout).toContain("✓ QA-1 links and smoke");
    }
    const json = await tminus(["qa", "status", "QA-1", "--json"], w.env);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: run.id, ref: "QA-1", status: "passed", findingsList: [] });
    expect(json.stderr).toContain("✓ QA-1");
    expect((await tminus(["qa", "status", "QA-9"], w.env)).stderr).toContain(`No QA run QA-9 in project ${w.project.slug}`);
  });

  it("exits 1 on a broken link, listing the finding with its severity and location; a saved profile runs by name", async () => {
    const w = await world();
    const staging = await w.target("staging", (await site(true)).url);
    const r = await tminus(["qa", "links", "--target", staging.name, "--wait", "--json"], w.env);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    // --json: the run on stdout, the sentences on stderr.
    const run = JSON.parse(r.stdout);
    expect(run).toMatchObject({ ref: "QA-1", status: "failed", findings: { new: 1, persisting: 0, fixed: 0, gating: 1 } });
    expect(r.stderr).toMatch(/✗ QA-1 links and smoke on .+ failed in \d+ s: .+\nFindings: 1 new, 0 still there, 0 fixed\n1 finding fails the run:\n {2}\[serious\] \/old .*404.* — at \/old \(new\)\n$/);

    // The profile's kind, target and settings; the finding is still there the second time.
    await createQaProfile({ ctx: w.admin, input: { projectId: w.project.id, data: { name: "nightly-links", targetId: staging.id, kind: "links", settings: { maxPages: 3 } } } });
    const again = await tminus(["qa", "--profile", "nightly-links", "--wait"], w.env);
    expect(again.code, again.stdout + again.stderr).toBe(1);
    expect(again.stdout).toMatch(new RegExp(`^QA-2 links and smoke on ${staging.name} (queued|running)\\n`));
    expect(again.stdout).toMatch(/Findings: 0 new, 1 still there, 0 fixed\n.*\n {2}\[serious\] .+ — at \/old \(still there\)/);
    expect(await runOf(w.project.id, 2)).toMatchObject({ profileId: expect.any(String), settings: expect.objectContaining({ maxPages: 3 }) });
  });

  it("exits 5 when the run errors (it could not measure): here the instance's network policy refuses the target", async () => {
    const w = await world();
    const refused = await w.target("staging", "http://169.254.169.254");
    const r = await tminus(["qa", "links", "--target", refused.name, "--wait"], w.env);
    expect(r.code, r.stdout + r.stderr).toBe(5);
    expect(r.stdout).toMatch(new RegExp(`✗ QA-1 links and smoke on ${refused.name} errored, so it measured nothing to judge the target by: .*(link-local|169\\.254\\.169\\.254)`));
    expect(r.stdout).not.toContain("Findings:");
  });

  it("prints a fuzz finding's curl reproducer under it, at most 20 findings and how many more", async () => {
    // The fuzz engine's findings as the runner stores them, read back through the API.
    const w = await world();
    const api = await w.target("staging", "http://127.0.0.1:9");
    const run = await db.qaRun.create({
      data: {
        projectId: w.project.id, targetId: api.id, number: 1, kind: "fuzz", status: "failed", settings: {}, baseUrl: api.baseUrl, environment: "staging",
        requestedByLabel: "test", startedAt: new Date(Date.now() - 5000), finishedAt: new Date(), summary: "22 requests answered 500.", findingsNew: 22, findingsGating: 22,
      },
    });
    await db.qaFinding.createMany({
      data: Array.from({ length: 22 }, (_, i) => ({
        runId: run.id, fingerprint: `f${i}`, rule: "server-error", severity: "serious", title: `POST /api/items answered 500 (case ${String(i).padStart(2, "0")})`,
        location: "POST /api/items", advice: "Validate the body.", detail: { curl: `curl -X POST 'http://127.0.0.1:9/api/items' --data '{"n":${i}}'` }, firstSeenRunId: run.id,
      })),
    });
    const r = await tminus(["qa", "status", "QA-1"], w.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`✗ QA-1 bad-input hammering on ${api.name} failed in 5 s: 22 requests answered 500.\nFindings: 22 new, 0 still there, 0 fixed\n22 findings fail the run:\n`);
    expect(r.stdout).toContain(`  [serious] POST /api/items answered 500 (case 00) — at POST /api/items (new)\n      curl -X POST 'http://127.0.0.1:9/api/items' --data '{"n":0}'\n`);
    expect(r.stdout.match(/^ {2}\[serious\]/gm)).toHaveLength(20);
    expect(r.stdout).toMatch(new RegExp(`\n {2}and 2 more: ${server.url}/projects/${w.project.slug}/qa/${run.id}\n$`));
  });

  it("a production target without --confirm-production: exit 64 with the sentence, and no run; with it, the run is queued", async () => {
    const w = await world();
    const production = await w.target("production", (await site(false)).url);
    const r = await tminus(["qa", "links", "--target", production.name, "--wait"], w.env);
    expect(r.code, r.stdout + r.stderr).toBe(64);
    expect(r.stderr).toBe(
      `tminus: QA against ${production.name} needs --confirm-production: this run sends QA traffic to a production target (production), which real users share. ` +
        "Add --confirm-production to the command if that is what you want. [invalid_input, HTTP 400]\n",
    );
    expect(await db.qaRun.count({ where: { projectId: w.project.id } })).toBe(0);

    const confirmed = await tminus(["qa", "links", "--target", production.name, "--confirm-production"], w.env);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toMatch(new RegExp(`^QA-1 links and smoke on ${production.name} (queued|running)\\n`));
    expect(confirmed.stdout).toContain("Not waiting for it (no --wait). Follow it with: npx tminus qa status QA-1 --wait");
    const followed = await tminus(["qa", "status", "QA-1", "--wait", "--timeout", "60s"], w.env);
    expect(followed.code, followed.stdout + followed.stderr).toBe(0);
    expect(followed.stdout).toContain(`✓ QA-1 links and smoke on ${production.name} passed`);
  });

  it("--timeout cancels the run and exits 4; SIGINT while waiting cancels it and exits 3", async () => {
    const w = await world();
    const slow = await w.target("staging", (await slowSite()).url);
    const args = ["qa", "links", "--target", slow.name, "--settings", '{"maxPages": 200, "concurrency": 1}', "--wait"];

    const timedOut = await tminus([...args, "--timeout", "3s"], w.env);
    expect(timedOut.code, timedOut.stdout + timedOut.stderr).toBe(4);
    expect(timedOut.stdout).toMatch(/Timed out after 3 s: QA-1 was (running at \d+%|queued); cancelled it\.\n/);
    expect(timedOut.stdout).toMatch(/✗ QA-1 links and smoke on .+ was cancelled: Cancelled by token:/);
    expect((await runOf(w.project.id, 1)).status).toBe("cancelled");

    const interrupted = tminus(args, w.env);
    // Progress lines while it crawls, one per change of percent or sentence.
    await expect.poll(() => interrupted.stdout(), { timeout: 15_000 }).toMatch(/^ {2}\d+% .+\n {2}\d+% .+$/m);
    interrupted.child.kill("SIGINT");
    const r = await interrupted;
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stdout).toMatch(/Interrupted \(SIGINT\): QA-2 was running at \d+%; cancelled it\.\n/);
    expect((await runOf(w.project.id, 2)).status).toBe("cancelled");
  });

  it("exits 64 on bad usage, before asking for anything", async () => {
    const w = await world();
    const staging = await w.target("staging", "http://127.0.0.1:9");
    const cases: [string[], RegExp][] = [
      [["qa", "smoke", "--target", staging.name], /Unknown kind of QA run "smoke"; the kinds are load, a11y, links, fuzz or devices/],
      [["qa", "links"], /--target is required/],
      [["qa", "--target", staging.name], /Name a kind of QA run \(load, a11y, links, fuzz or devices\) or a --profile/],
      [["qa", "links", "a11y", "--target", staging.name], /Name one kind of QA run/],
      [["qa", "links", "--target", "nope"], new RegExp(`No target "nope" in project ${w.project.slug}; its targets are: ${staging.name}`)],
      [["qa", "links", "--target", staging.name, "--settings", "{maxPages: 3}"], /--settings is not valid JSON/],
      [["qa", "links", "--target", staging.name, "--settings", '{"maxPages": 0}'], /settings\.maxPages: maxPages must be at least 1/],
      [["qa", "links", "--target", staging.name, "--timeout", "5m"], /--timeout applies only with --wait/],
      [["qa", "links", "--target", staging.name, "--wait", "--timeout", "soon"], /--timeout "soon" is not a duration/],
      [["qa", "--profile", "nightly"], /No QA profile "nightly" in project .+; its profiles are: \(none\)/],
      [["qa", "links", "--target", staging.name, "--reason", "x"], /qa does not take --reason/],
      [["qa", "status"], /Name one QA run/],
    ];
    for (const [args, message] of cases) {
      const r = await tminus(args, w.env);
      expect([r.code, r.stderr], args.join(" ")).toEqual([64, expect.stringMatching(message)]);
    }
    expect(await db.qaRun.count({ where: { projectId: w.project.id } })).toBe(0);
  });
});
