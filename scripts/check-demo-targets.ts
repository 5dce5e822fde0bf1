// `npm run up` runs this once everything answers: each demo target gets a real connection test through the
// worker, so the first screen shows targets that answer (or says why not). Prints one JSON line.
import { db } from "../lib/db";
import { systemCtx } from "../lib/auth/context";
import { getConnectionTest, requestConnectionTest } from "../lib/targets/connection-tests";
import { DEMO_PROJECT } from "../lib/seed/demo";

async function main() {
  const ctx = systemCtx("up.check-demo-targets");
  const project = await db.project.findUnique({ where: { slug: DEMO_PROJECT.slug }, include: { targets: true } });
  if (!project) return [];
  const requested = await Promise.all(
    project.targets.map(async (t) => ({ target: t, test: await requestConnectionTest({ ctx, input: { projectId: project.id, targetId: t.id } }) })),
  );
  const deadline = Date.now() + 20_000;
  const results = [];
  for (const { target, test } of requested) {
    let current = test;
    while ((current.status === "queued" || current.status === "running") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      current = await getConnectionTest({ ctx, input: { projectId: project.id, connectionTestId: test.id } });
    }
    results.push({ name: target.name, url: target.baseUrl, status: current.status, httpStatus: current.httpStatus, latencyMs: current.latencyMs, version: current.version, error: current.error });
  }
  return results;
}

main()
  .then((results) => {
    console.log(JSON.stringify(results));
    process.exit(0);
  })
  .catch((error) => {
    console.error(`check-demo-targets: ${(error as Error).message}`);
    process.exit(1);
  });
