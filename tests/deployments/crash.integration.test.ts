import { afterAll, describe, expect, it } from "vitest";
import { crashWorld, type CrashResult } from "./crash-loop";

// kill -9 of the real worker process mid-deploy, against a loopback server speaking Vercel's API that records every
// create call. A fresh worker must carry the deployment to its end with exactly one deploy on the provider.
// Replay a run with CRASH_SEED=<seed printed below>.

const ITERATIONS = Number(process.env.CRASH_ITERATIONS ?? 20);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

let world: Awaited<ReturnType<typeof crashWorld>> | null = null;
afterAll(async () => {
  await world?.close();
  expect(world?.liveWorkers() ?? 0).toBe(0);
});

function describeRun(r: CrashResult) {
  return `#${r.n} seed ${SEED} ${r.phase} → left "${r.left}" → ${r.status}${r.failureReason ? ` (${r.failureReason})` : ""}`;
}

describe("a worker killed mid-deploy", () => {
  it(`is replaced by a fresh worker that finishes the deployment, deploying exactly once (${ITERATIONS} kills)`, { timeout: 40_000 + ITERATIONS * 15_000 }, async () => {
    console.log(`crash test seed: ${SEED} (CRASH_SEED=${SEED} replays it)`);
    world = await crashWorld({ seed: SEED });
    const results: CrashResult[] = [];
    for (let n = 1; n <= ITERATIONS; n++) {
      const r = await world.crashOnce(n);
      results.push(r);
      const why = `${describeRun(r)}\nworker after the kill:\n${r.workerOutput.slice(-4000)}`;

      expect(r.left, `${why}\nthe kill must land mid-deploy`).not.toMatch(/^already/);
      // Finished, never left running; a failure says why in a sentence.
      expect(["succeeded", "failed"], why).toContain(r.status);
      if (r.status === "failed") expect(r.failureReason, why).toMatch(/^[A-Z].{10,}[.)]$/s);
      // The provider built this deployment exactly once, and the row follows that deploy, not another.
      expect(r.creates.length, why).toBe(1);
      if (r.status === "succeeded") expect(r.providerDeployId, why).toBe(r.creates[0].uid);
      // One ending, written once by the lease holder that finished it; the killed worker's lease was taken over, not
      // written through, and nothing is left holding the row.
      expect(r.terminalAudits, why).toBe(1);
      expect(r.runAttempts, why).toBeGreaterThanOrEqual(2);
      expect(r.leaseToken, why).toBeNull();
      expect(r.openSteps, why).toBe(0);
    }
    const byLeft = new Map<string, number>();
    for (const r of results) byLeft.set(r.left, (byLeft.get(r.left) ?? 0) + 1);
    console.log(`seed ${SEED}: killed ${results.length} workers; what each left behind:`, Object.fromEntries(byLeft));
  });
});
