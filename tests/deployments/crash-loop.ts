import { rng } from "@/tests/helpers/fuzz-inputs";
import type { Deployment } from "@prisma/client";
import { db } from "@/lib/db";
import { requestDeployment } from "@/lib/deployments/deployments";
import { createRelease } from "@/lib/releases/releases";
import { createTarget } from "@/lib/targets/targets";
import { projectWithRoles, uid, userCtx } from "@/tests/helpers/fixtures";
import { startWorkerProcess, type WorkerProcess } from "@/tests/helpers/worker-process";
import { localServer } from "@/tests/net/local-server";
import { fakeVercel, type FakeCreateCall } from "@/tests/providers/fake-vercel";

// One deployment, one kill -9 of the worker running it, one fresh worker: shared by
// tests/deployments/crash.integration.test.ts (assertions) and bench/deploy-crash.ts (figures).

/** Where the worker is killed: claimed; inside the trigger before the create call; while Vercel answers the create; following the build; verifying. */
export const PHASES = ["picked-up", "before-create", "during-create", "polling", "verifying"] as const;
export type Phase = (typeof PHASES)[number];
const FINAL = ["succeeded", "failed", "cancelled", "rolled_back"];
const TERMINAL_AUDITS = FINAL.map((s) => `deployment.${s}`);
const TOKEN = "vcp_crash_test_token_0001";
const VERCEL_PROJECT = "prj_crash";

/** The fuzz suite's seeded PRNG, so a failing run can be replayed with its seed. */
export const prng = rng;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pollRow(id: string, until: (d: Deployment) => boolean, timeoutMs: number): Promise<Deployment | null> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const d = await db.deployment.findUniqueOrThrow({ where: { id } });
    if (until(d)) return d;
    if (Date.now() > end) return null;
    await sleep(5);
  }
}

/** What the dead worker left behind, read from the row and the provider after the kill. */
function leftBehind(d: Deployment, creates: number): string {
  if (FINAL.includes(d.status)) return `already ${d.status}`;
  if (d.status === "queued") return "queued (claimed, not started)";
  if (d.status === "verifying") return "verifying";
  if (!d.triggerStartedAt) return "running, trigger not begun";
  if (!d.providerDeployId) return creates ? "running, Vercel created the deploy, id not saved" : "running, trigger begun, nothing sent to Vercel";
  return "running, following the Vercel build";
}

export type CrashResult = {
  n: number;
  deploymentId: string;
  phase: Phase;
  left: string;
  status: string;
  failureReason: string | null;
  creates: FakeCreateCall[];
  providerDeployId: string | null;
  terminalAudits: number;
  openSteps: number;
  runAttempts: number;
  leaseToken: string | null;
  /** Kill → finishedAt, ms (null when it never finished). */
  recoveryMs: number | null;
  /** Kill → the new worker logged worker.started, ms. */
  restartMs: number;
  killedPid: number;
  workerOutput: string;
};

/**
 * A project with a staging Vercel target (no approvals) that a fake Vercel deploys, builds taking `buildMs`, and a
 * loopback health endpoint that answers 200 without naming a version.
 */
export async function crashWorld(opts: { seed: number; buildMs?: [number, number]; verifySeconds?: number }) {
  const rand = prng(opts.seed);
  const [buildLo, buildHi] = opts.buildMs ?? [300, 800];
  const verifySeconds = opts.verifySeconds ?? 1;
  const base = await projectWithRoles();
  const projectId = base.project.id;
  const admin = userCtx(base.users.admin);
  const fake = await fakeVercel({ token: TOKEN, projectId: VERCEL_PROJECT, buildMs: () => buildLo + rand() * (buildHi - buildLo) });
  fake.add({ readyState: "READY" });
  const health = await localServer((_req, res) => void res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}'));
  const target = await createTarget({
    ctx: admin,
    input: {
      projectId,
      data: { name: `crash-${uid()}`, environment: "staging", baseUrl: health.url, providerKind: "vercel", providerSettings: { projectId: VERCEL_PROJECT }, secrets: { token: TOKEN } },
    },
  });
  await db.target.update({ where: { id: target.id }, data: { verifySeconds, approvalsRequired: 0 } });

  const workers = new Set<WorkerProcess>();
  let current: WorkerProcess | null = null;
  const startWorker = async () => {
    const w = await startWorkerProcess({ env: { VERCEL_API_URL: fake.url } });
    workers.add(w);
    void w.exited.then(() => workers.delete(w));
    return w;
  };

  /** Requests one deployment, kills the worker running it at `phase`, starts another and waits for the end. */
  async function crashOnce(n: number, timeoutMs = 30_000): Promise<CrashResult> {
    const phase = PHASES[Math.floor(rand() * PHASES.length)];
    const jitter = rand();
    const worker = (current ??= await startWorker());
    const version = `2.0.${n}`;
    await createRelease({ ctx: admin, input: { projectId, data: { version, commits: [{ hash: n.toString(16).padStart(7, "0"), message: `release ${n}` }] } } });

    let killedAt = 0;
    const kill = async () => {
      if (killedAt) return;
      killedAt = Date.now();
      await worker.killGroup("SIGKILL");
    };
    let id = "";
    // The provider has done the work asked (listed the deploys, created one) but the worker dies before hearing back.
    if (phase === "before-create") {
      fake.state.beforeAnswer = async (a) => {
        if (a.method === "GET" && a.path === "/v6/deployments" && a.query.get("state") === "READY") await kill();
      };
    } else if (phase === "during-create") {
      fake.state.beforeAnswer = async (a) => {
        if (a.method === "POST" && a.path === "/v13/deployments") await kill();
      };
    }
    try {
      const d = await requestDeployment({ ctx: userCtx(base.users.member), input: { projectId, data: { targetId: target.id, release: version } } });
      id = d.id;
      const reached = {
        "picked-up": (r: Deployment) => r.runAttempts >= 1,
        "before-create": () => killedAt > 0,
        "during-create": () => killedAt > 0,
        polling: (r: Deployment) => r.providerDeployId !== null,
        verifying: (r: Deployment) => r.status === "verifying",
      }[phase];
      const at = await pollRow(id, (r) => reached(r) || FINAL.includes(r.status), 20_000);
      if (!at) throw new Error(`deployment ${id} never reached ${phase}:\n${worker.output().slice(-3000)}`);
      // Claimed → running → trigger begun takes tens of ms: a random pause lands the kill anywhere in it.
      if (phase === "picked-up") await sleep(jitter * 60);
      if (phase === "polling") await sleep(jitter * buildLo);
      if (phase === "verifying") await sleep(jitter * verifySeconds * 800);
      await kill();
    } finally {
      fake.state.beforeAnswer = null;
      if (!killedAt) await kill();
    }
    const creates = () => fake.state.creates.filter((c) => c.meta.tminusDeployment === id);
    const left = leftBehind(await db.deployment.findUniqueOrThrow({ where: { id } }), creates().length);

    current = await startWorker();
    const restartMs = Date.now() - killedAt;
    const ended = await pollRow(id, (r) => FINAL.includes(r.status), timeoutMs);
    // The run releases its lease just after writing the end.
    const final = (ended && (await pollRow(id, (r) => r.leaseToken === null, 5_000))) ?? (await db.deployment.findUniqueOrThrow({ where: { id } }));
    return {
      n,
      deploymentId: id,
      phase,
      left,
      status: final.status,
      failureReason: final.failureReason,
      creates: creates(),
      providerDeployId: final.providerDeployId,
      terminalAudits: await db.auditLog.count({ where: { objectId: id, action: { in: TERMINAL_AUDITS } } }),
      openSteps: await db.deploymentStep.count({ where: { deploymentId: id, status: "running" } }),
      runAttempts: final.runAttempts,
      leaseToken: final.leaseToken,
      recoveryMs: final.finishedAt ? final.finishedAt.getTime() - killedAt : null,
      restartMs,
      killedPid: worker.pid,
      workerOutput: current.output(),
    };
  }

  return {
    projectId,
    target,
    fake,
    crashOnce,
    liveWorkers: () => workers.size,
    async close() {
      for (const w of [...workers]) await w.killGroup("SIGKILL");
      await fake.close();
      await health.close();
    },
  };
}
