import type { PrismaClient } from "@prisma/client";
import { systemCtx } from "../auth/context";
import { Effects } from "../deployments/core";
import { insertRun } from "../qa/runs";
import { runQaJob } from "../qa/runner";
import { SETTINGS } from "../qa/kinds";
import type { TQaKind } from "../qa/schemas";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

// One finished QA run of each kind, measured for real: the seed starts a private copy of each demo target on a free
// port, runs the engines through the worker's own code path, then points the runs at the demo target's usual address.
// So the demo shows what the planted problems look like (the changelog page's accessibility violations and broken
// link, the feedback endpoint's 500) and what a pass looks like on production.

type Planned = { target: "staging" | "production"; kind: TQaKind; settings: Record<string, unknown> };

export const DEMO_QA: Planned[] = [
  // A fixed arrival rate, as a launch gate should be measured: the generator idles between requests, so the run is
  // reliable even on a busy machine (a closed-model run against a fast target saturates its own core by design).
  { target: "production", kind: "load", settings: { mode: "rate", rate: 200, connections: 10, durationSeconds: 4, requests: [{ method: "GET", path: "/" }, { method: "GET", path: "/api/items?limit=10" }] } },
  // The launch pages pass on production; the crawl of staging also finds the changelog page, with its problems.
  { target: "production", kind: "a11y", settings: { pages: { source: "list", paths: ["/", "/pricing", "/about"] } } },
  { target: "staging", kind: "a11y", settings: { pages: { source: "sitemap", maxPages: 10 } } },
  { target: "staging", kind: "links", settings: { maxPages: 20 } },
  { target: "staging", kind: "fuzz", settings: { allowUnsafeMethods: true, casesPerOperation: 20 } },
  { target: "staging", kind: "devices", settings: { paths: ["/", "/pricing"], profiles: ["desktop", "tablet", "phone"] } },
];

// Saved profiles, so the demo shows QA that runs by itself: a links crawl after every deploy to staging, and a nightly
// accessibility audit (its first slot is the next 02:00 UTC, so seeding does not start one).
export const DEMO_QA_PROFILES: Array<{ name: string; target: "staging"; kind: TQaKind; settings: Record<string, unknown>; everyHours: number | null; afterDeploy: boolean }> = [
  { name: "Links after each deploy", target: "staging", kind: "links", settings: { maxPages: 20 }, everyHours: null, afterDeploy: true },
  { name: "Nightly accessibility", target: "staging", kind: "a11y", settings: { pages: { source: "sitemap", maxPages: 10 } }, everyHours: 24, afterDeploy: false },
];

async function seedDemoQaProfiles(db: PrismaClient, projectId: string, targets: Map<string, { id: string }>) {
  const now = new Date();
  const twoAm = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 2));
  for (const p of DEMO_QA_PROFILES) {
    const target = targets.get(p.target);
    if (!target) continue;
    const settings = SETTINGS[p.kind].parse(p.settings) as object;
    await db.qaProfile.upsert({
      where: { projectId_name: { projectId, name: p.name } },
      create: { projectId, targetId: target.id, kind: p.kind, name: p.name, settings, everyHours: p.everyHours, nextRunAt: p.everyHours ? twoAm : null, afterDeploy: p.afterDeploy },
      update: {},
    });
  }
}

/** Idempotent: a planned run is made only when its target has no run of its kind yet. Returns how many it made. */
export async function seedDemoQa(db: PrismaClient, projectId: string): Promise<number> {
  const have = new Set((await db.qaRun.findMany({ where: { projectId }, select: { targetId: true, kind: true } })).map((r) => `${r.targetId}/${r.kind}`));
  const targets = new Map((await db.target.findMany({ where: { projectId } })).map((t) => [t.environment, t]));
  await seedDemoQaProfiles(db, projectId, targets);
  const todo = DEMO_QA.filter((plan) => targets.has(plan.target) && !have.has(`${targets.get(plan.target)!.id}/${plan.kind}`));
  if (!todo.length) return 0;
  const copies = {
    staging: await demoCopy("staging", "1.4.0"),
    production: await demoCopy("production", "1.3.2"),
  };
  const ctx = systemCtx("seed");
  let made = 0;
  try {
    for (const plan of todo) {
      const target = targets.get(plan.target)!;
      const settings = SETTINGS[plan.kind].parse(plan.settings) as Record<string, unknown>;
      const fx = new Effects();
      // The seed runs the job itself, so its outbox row goes in the same transaction: a worker already running (the e2e
      // suite starts one before seeding) would otherwise relay it, find the run "running" here, and mark it errored as
      // if a worker had died.
      const runId = await db.$transaction(async (tx) => {
        const id = await insertRun(tx, ctx, fx, { projectId, targetId: target.id, kind: plan.kind, settings, trigger: "manual" });
        await tx.outboxJob.deleteMany({ where: { id: { in: fx.jobs } } });
        await tx.qaRun.update({ where: { id }, data: { baseUrl: copies[plan.target].url } });
        return id;
      });
      await runQaJob(runId);
      await pointAtTarget(db, runId, copies[plan.target].url, target.baseUrl);
      const done = await db.qaRun.findUniqueOrThrow({ where: { id: runId } });
      console.log(`[seed] QA-${done.number} ${plan.kind} on ${plan.target}: ${done.status}. ${done.summary ?? ""}`);
      made++;
    }
  } finally {
    for (const copy of Object.values(copies)) copy.close();
  }
  return made;
}

/**
 * The run measured the private copy; what it wrote names the copy's throwaway port. Everything a person reads (the
 * address, summary, log, findings and figures) is rewritten to the demo target's usual address, so the log does not
 * name a server that no longer exists. Fingerprints hold paths, not hosts, so later runs still match these findings.
 */
async function pointAtTarget(db: PrismaClient, runId: string, copyUrl: string, baseUrl: string) {
  await db.$transaction([
    db.$executeRaw`UPDATE "QaRun" SET "baseUrl" = ${baseUrl}, summary = replace(summary, ${copyUrl}, ${baseUrl}), "progressMessage" = replace("progressMessage", ${copyUrl}, ${baseUrl}), metrics = replace(metrics::text, ${copyUrl}, ${baseUrl})::jsonb WHERE id = ${runId}`,
    db.$executeRaw`UPDATE "QaLog" SET message = replace(message, ${copyUrl}, ${baseUrl}) WHERE "runId" = ${runId}`,
    db.$executeRaw`UPDATE "QaFinding" SET title = replace(title, ${copyUrl}, ${baseUrl}), location = replace(location, ${copyUrl}, ${baseUrl}), advice = replace(advice, ${copyUrl}, ${baseUrl}), detail = replace(detail::text, ${copyUrl}, ${baseUrl})::jsonb WHERE "runId" = ${runId}`,
  ]);
}

/**
 * A private copy of the demo target in a child process on a free port (a process, not an import: the seed also runs
 * inside Playwright's setup, whose module loader cannot import the demo's plain ES module).
 */
function demoCopy(name: string, version: string): Promise<{ url: string; close: () => void }> {
  const script = path.join(process.cwd(), "examples/demo-target/server.mjs");
  const child: ChildProcess = spawn(process.execPath, [script, "--port", "0", "--name", name, "--version", version], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let said = "";
    const timer = setTimeout(() => (child.kill("SIGKILL"), reject(new Error(`The demo target copy did not start: ${said.trim()}`))), 15_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      said += chunk.toString();
      const ready = /demo-target (http:\/\/\S+) ready/.exec(said);
      if (!ready) return;
      clearTimeout(timer);
      resolve({ url: ready[1], close: () => child.kill("SIGTERM") });
    });
    child.once("exit", (code) => (clearTimeout(timer), reject(new Error(`The demo target copy exited (${code}): ${said.trim()}`))));
  });
}
