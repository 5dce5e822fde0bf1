// Deployment crash recovery: kill -9 the worker process mid-deploy, start a new one, N times (the loop of
// tests/deployments/crash-loop.ts against a loopback fake Vercel), and print how the deployments ended, how many
// deploys the provider saw per deployment, and kill → final times. Needs only the local PostgreSQL and Redis (a
// scratch database and key prefix, dropped afterwards). Run: npm run bench:deploy-crash -- [iterations] [seed]
import { pct, scratchEnv } from "./lib/scratch-env";

const ITERATIONS = Number(process.argv[2] ?? 100);
const SEED = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31));

async function main() {
  if (!Number.isInteger(ITERATIONS) || ITERATIONS < 1) throw new Error("iterations must be a positive whole number");
  const scratch = await scratchEnv("crash");
  const { crashWorld, PHASES } = await import("../tests/deployments/crash-loop");
  type Result = Awaited<ReturnType<Awaited<ReturnType<typeof crashWorld>>["crashOnce"]>>;
  const { db } = await import("../lib/db");
  let world: Awaited<ReturnType<typeof crashWorld>> | null = null;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await world?.close();
    await db.$disconnect();
    await scratch.drop();
  };
  process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));

  const results: Result[] = [];
  const started = Date.now();
  try {
    world = await crashWorld({ seed: SEED });
    for (let n = 1; n <= ITERATIONS; n++) {
      const r = await world.crashOnce(n);
      results.push(r);
      process.stderr.write(`\r${n}/${ITERATIONS} ${r.phase.padEnd(13)} → ${r.status.padEnd(9)} in ${r.recoveryMs ?? "—"} ms   `);
    }
    process.stderr.write("\n");
  } finally {
    await cleanup();
  }

  const row = (label: string, rs: Result[]) => {
    const triggers = rs.map((r) => r.creates.length);
    const recovery = rs.flatMap((r) => (r.recoveryMs === null ? [] : [r.recoveryMs]));
    const count = (s: string) => rs.filter((r) => r.status === s).length;
    return {
      "killed while": label,
      runs: rs.length,
      succeeded: count("succeeded"),
      failed: count("failed"),
      "not final": rs.length - count("succeeded") - count("failed"),
      "triggers min": Math.min(...triggers),
      "triggers max": Math.max(...triggers),
      "restart p50": pct(rs.map((r) => r.restartMs), 50),
      "recovery p50": pct(recovery, 50),
      "recovery p95": pct(recovery, 95),
      "recovery max": Math.max(...recovery),
    };
  };
  console.log(`deploy crash recovery: ${ITERATIONS} kill -9s, seed ${SEED}, lease ${process.env.DEPLOY_LEASE_MS} ms, builds 300–800 ms, verify 1 s, ${Math.round((Date.now() - started) / 1000)} s in all`);
  console.table([...PHASES.filter((p) => results.some((r) => r.phase === p)).map((p) => row(p, results.filter((r) => r.phase === p))), row("all", results)]);
  console.log("ms; restart = kill → new worker started; recovery = kill → deployment final (includes the restart and the lease lapsing)");
  const left = new Map<string, number>();
  for (const r of results) left.set(r.left, (left.get(r.left) ?? 0) + 1);
  console.log("what the killed worker left behind:", Object.fromEntries(left));
  const wrong = results.filter((r) => r.creates.length !== 1 || !["succeeded", "failed"].includes(r.status) || r.terminalAudits !== 1 || r.left.startsWith("already"));
  console.log(wrong.length ? `NOT CLEAN (${wrong.length}):` : "every deployment ended once, with exactly one provider deploy");
  for (const r of wrong) console.log(`  #${r.n} ${r.phase} → ${r.left} → ${r.status}, ${r.creates.length} creates, ${r.terminalAudits} terminal audits: ${r.failureReason ?? ""}`);
  return wrong.length ? 1 : 0;
}

main()
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
