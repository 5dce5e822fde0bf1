// Deployment latency as a person sees it, against the goals (p95):
//   (a) approve → running: approveDeployment called → the row is running (written by a real worker process, reached
//       through the outbox and Redis), and → the browser receives that change over server-sent events;
//   (b) log line written → received in a browser: the deploy command prints lines stamped with the time it wrote
//       them; Chromium (Playwright) holds an EventSource on /api/v1/projects/{id}/events and stamps each on arrival.
// The API runs through tests/helpers/api-server.ts (the real route handlers on loopback, no Next build); one machine,
// one clock. Needs the local PostgreSQL, Redis and /usr/bin/chromium (scratch database and prefix, dropped after).
// Run: npm run bench:deploy-latency -- [runs] [lines per run]
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { pct, scratchEnv } from "./lib/scratch-env";

const RUNS = Number(process.argv[2] ?? 30);
const LINES = Number(process.argv[3] ?? 8);
const GOAL_RUNNING_MS = 500;
const GOAL_LOG_MS = 250;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const MARK = "T-LAT";

// The deploy command: LINES lines at random gaps (so they land anywhere in the runner's log flush cycle), each
// carrying the moment it was written.
const PRINTER = `
const n = Number(process.argv[2]);
let i = 0;
const next = () => {
  console.log("${MARK} " + i + " " + Date.now());
  if (++i < n) setTimeout(next, 40 + Math.random() * 260);
};
next();
`;

type Seen = { kind: "line"; writtenAt: number; at: number } | { kind: "running"; deploymentId: string; at: number };
declare global {
  interface Window {
    seen: Seen[];
    streamOpen: boolean;
  }
}

async function main() {
  if (!Number.isInteger(RUNS) || RUNS < 1 || !Number.isInteger(LINES) || LINES < 1) throw new Error("runs and lines must be positive whole numbers");
  const scratch = await scratchEnv("latency");
  const { db } = await import("../lib/db");
  const { approveDeployment, requestDeployment } = await import("../lib/deployments/deployments");
  const { createRelease } = await import("../lib/releases/releases");
  const { createTarget } = await import("../lib/targets/targets");
  const { projectWithRoles, sessionCookie, uid, userCtx } = await import("../tests/helpers/fixtures");
  const { startApiServer } = await import("../tests/helpers/api-server");
  const { startWorkerProcess } = await import("../tests/helpers/worker-process");
  const { localServer } = await import("../tests/net/local-server");

  const dir = await mkdtemp(path.join(os.tmpdir(), "tminus-latency-"));
  const printer = path.join(dir, "printer.cjs");
  await writeFile(printer, PRINTER);
  const health = await localServer((_req, res) => void res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}'));
  const api = await startApiServer();
  const worker = await startWorkerProcess();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const chromiumVersion = browser.version();
  const cleanup = async () => {
    await browser.close().catch(() => undefined);
    await worker.killGroup("SIGTERM");
    await api.close();
    await health.close();
    await rm(dir, { recursive: true, force: true });
    await db.$disconnect();
    await scratch.drop();
  };

  const approveMs: number[] = [];
  const browserRunningMs: number[] = [];
  const lineMs: number[] = [];
  let expectedLines = 0;
  try {
    const base = await projectWithRoles();
    const projectId = base.project.id;
    const admin = userCtx(base.users.admin);
    const target = await createTarget({
      ctx: admin,
      input: {
        projectId,
        data: { name: `latency-${uid()}`, environment: "production", baseUrl: health.url, providerKind: "command", providerSettings: { host: "localhost", command: `${process.execPath} ${printer} ${LINES}` } },
      },
    });
    await db.target.update({ where: { id: target.id }, data: { verifySeconds: 0, approvalsRequired: 1 } });

    const context = await browser.newContext();
    await context.addCookies([{ name: "next-auth.session-token", value: (await sessionCookie(base.users.viewer.id)).replace(/^[^=]+=/, ""), url: api.url }]);
    const page = await context.newPage();
    await page.goto(`${api.url}/api/v1/openapi.json`);
    await page.evaluate(
      ({ projectId, mark }) => {
        window.seen = [];
        window.streamOpen = false;
        const es = new EventSource(`/api/v1/projects/${projectId}/events`);
        es.onopen = () => (window.streamOpen = true);
        es.addEventListener("deployment.log", (e) => {
          const at = Date.now();
          const event = JSON.parse((e as MessageEvent).data) as { data: { lines: string[] } };
          for (const line of event.data.lines) {
            const m = line.match(new RegExp(`^${mark} \\d+ (\\d+)$`));
            if (m) window.seen.push({ kind: "line", writtenAt: Number(m[1]), at });
          }
        });
        es.addEventListener("deployment.updated", (e) => {
          const at = Date.now();
          const event = JSON.parse((e as MessageEvent).data) as { data: { id: string; status: string } };
          if (event.data.status === "running") window.seen.push({ kind: "running", deploymentId: event.data.id, at });
        });
      },
      { projectId, mark: MARK },
    );
    await page.waitForFunction(() => window.streamOpen, undefined, { timeout: 10_000 });

    // Run 0 warms connections and code paths and is not counted.
    for (let run = 0; run <= RUNS; run++) {
      const version = `3.0.${run}`;
      await createRelease({ ctx: admin, input: { projectId, data: { version, commits: [{ hash: run.toString(16).padStart(7, "0"), message: `release ${run}` }] } } });
      const d = await requestDeployment({ ctx: userCtx(base.users.member), input: { projectId, data: { targetId: target.id, release: version } } });
      await new Promise((r) => setTimeout(r, 100));
      const seenBefore = await page.evaluate(() => window.seen.length);
      const approvedAt = Date.now();
      await approveDeployment({ ctx: userCtx(base.users.approver), input: { projectId, deploymentId: d.id, data: {} } });
      let row = await db.deployment.findUniqueOrThrow({ where: { id: d.id } });
      for (let i = 0; i < 600 && !["succeeded", "failed", "cancelled", "rolled_back"].includes(row.status); i++) {
        await new Promise((r) => setTimeout(r, 50));
        row = await db.deployment.findUniqueOrThrow({ where: { id: d.id } });
      }
      if (row.status !== "succeeded") throw new Error(`run ${run}: the deployment ended ${row.status}: ${row.failureReason ?? ""}\n${worker.output().slice(-2000)}`);
      // Lines are pushed after the chunk commits; give the last one a moment to arrive.
      await new Promise((r) => setTimeout(r, 300));
      const seen = (await page.evaluate(() => window.seen)).slice(seenBefore);
      if (run === 0) continue;
      approveMs.push(row.startedAt!.getTime() - approvedAt);
      const running = seen.find((s) => s.kind === "running" && s.deploymentId === d.id);
      if (running) browserRunningMs.push(running.at - approvedAt);
      for (const s of seen) if (s.kind === "line") lineMs.push(s.at - s.writtenAt);
      expectedLines += LINES;
      process.stderr.write(`\r${run}/${RUNS}`);
    }
    process.stderr.write("\n");
  } finally {
    await cleanup();
  }

  const row = (what: string, xs: number[], expected: number, goal: number | null) => ({
    measure: what,
    samples: `${xs.length}/${expected}`,
    p50: pct(xs, 50),
    p95: pct(xs, 95),
    max: Math.max(...xs),
    "goal (p95)": goal === null ? "—" : `≤ ${goal}`,
    verdict: goal === null ? "—" : xs.length === expected && pct(xs, 95) <= goal ? "PASS" : "MISS",
  });
  console.log(`deploy latency: ${RUNS} runs (+1 warm-up), ${LINES} log lines per run, real worker process, Chromium ${chromiumVersion}`);
  console.table([
    row("approve → row running (startedAt)", approveMs, RUNS, GOAL_RUNNING_MS),
    row("approve → browser sees running", browserRunningMs, RUNS, null),
    row("log line written → browser", lineMs, expectedLines, GOAL_LOG_MS),
  ]);
  console.log("ms, one clock; the runner writes log lines in chunks every 100 ms (LOG_FLUSH_MS), which (b) includes");
  return 0;
}

main()
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
