import type { PrismaClient } from "@prisma/client";
import { systemCtx } from "../auth/context";
import { Effects } from "../deployments/core";
import { insertRun } from "../qa/runs";
import { runQaJob } from "../qa/runner";
import { SETTINGS } from "../qa/kinds";
import type { TQaKind } from "../qa/schemas";
import { startDemoTarget } from "../../examples/demo-target/server.mjs";

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

/** Idempotent: a planned run is made only when its target has no run of its kind yet. Returns how many it made. */
export async function seedDemoQa(db: PrismaClient, projectId: string): Promise<number> {
  const have = new Set((await db.qaRun.findMany({ where: { projectId }, select: { targetId: true, kind: true } })).map((r) => `${r.targetId}/${r.kind}`));
  const targets = new Map((await db.target.findMany({ where: { projectId } })).map((t) => [t.environment, t]));
  const todo = DEMO_QA.filter((plan) => targets.has(plan.target) && !have.has(`${targets.get(plan.target)!.id}/${plan.kind}`));
  if (!todo.length) return 0;
  const copies = {
    staging: await startDemoTarget({ port: 0, name: "staging", version: "1.4.0", log: false }),
    production: await startDemoTarget({ port: 0, name: "production", version: "1.3.2", log: false }),
  };
  const ctx = systemCtx("seed");
  let made = 0;
  try {
    for (const plan of todo) {
      const target = targets.get(plan.target)!;
      const settings = SETTINGS[plan.kind].parse(plan.settings) as Record<string, unknown>;
      const fx = new Effects();
      const runId = await db.$transaction((tx) => insertRun(tx, ctx, fx, { projectId, targetId: target.id, kind: plan.kind, settings, trigger: "manual" }));
      // The job row stays unrelayed: the seed runs it here, and the worker's copy then finds it finished.
      await db.qaRun.update({ where: { id: runId }, data: { baseUrl: copies[plan.target].url } });
      await runQaJob(runId);
      await db.qaRun.update({ where: { id: runId }, data: { baseUrl: target.baseUrl } });
      await db.outboxJob.deleteMany({ where: { id: { in: fx.jobs } } });
      made++;
    }
  } finally {
    await Promise.all([copies.staging.close(0), copies.production.close(0)]);
  }
  return made;
}
