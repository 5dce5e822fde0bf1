import { execFileSync, spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runDeployment } from "@/lib/deployments/runner";
import { apiToken } from "@/tests/helpers/fixtures";
import { startApiServer } from "@/tests/helpers/api-server";
import { deployWorld, waitFor } from "@/tests/deployments/helpers";

// docs/ci.md is run, not just read: its GitHub Actions steps (as bash -e, the way a runner runs them, with the
// GITHUB_* variables a push sets) and its curl script, against the real API, with the deployments run by the runner.

const docs = readFileSync(path.resolve(__dirname, "../../docs/ci.md"), "utf8");
// The workflow and the script use jq and curl, as GitHub's runners and most CI images have them.
const tools = ["jq", "curl", "git", "bash"].every((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status === 0);

let server: Awaited<ReturnType<typeof startApiServer>>;
let repo: string;
beforeAll(async () => {
  server = await startApiServer();
  repo = mkdtempSync(path.join(tmpdir(), "tminus-ci-docs-"));
});
afterAll(async () => {
  await server?.close();
  if (repo) rmSync(repo, { recursive: true, force: true });
});

function bash(script: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn("bash", ["-e", "-c", script], { cwd: repo, env: { ...process.env, ...env } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });
}
const runWhenQueued = async (targetId: string) =>
  runDeployment((await waitFor("a queued deployment", () => db.deployment.findFirst({ where: { targetId, status: "queued" } }))).id, "ci-docs");

describe.skipIf(!tools)("docs/ci.md", () => {
  it("its workflow releases the pushed commits once (also when re-run) and deploys them; its curl script deploys too", async () => {
    const w = await deployWorld({ environment: "staging" });
    try {
      await db.target.update({ where: { id: w.target.id }, data: { name: "production" } });
      const git = (...args: string[]) =>
        execFileSync("git", args, { cwd: repo, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "Ada", GIT_AUTHOR_EMAIL: "ada@example.test", GIT_COMMITTER_NAME: "Ada", GIT_COMMITTER_EMAIL: "ada@example.test" } }).trim();
      git("init", "-q");
      git("commit", "-q", "--allow-empty", "-m", "chore: start");
      const before = git("rev-parse", "HEAD");
      git("commit", "-q", "--allow-empty", "-m", "feat: instant search");
      git("commit", "-q", "--allow-empty", "-m", "fix: keep the cart");
      mkdirSync(path.join(repo, ".github"));
      copyFileSync(path.resolve(__dirname, "../../bin/tminus.mjs"), path.join(repo, ".github/tminus.mjs"));
      const output = path.join(repo, "github-output");
      writeFileSync(output, "");

      const workflow = YAML.parse(/```yaml\n([\s\S]*?)```/.exec(docs)![1]);
      const job = workflow.jobs.release;
      const [releaseStep, deployStep] = job.steps.filter((s: { run?: string }) => s.run);
      const env = {
        ...job.env,
        TMINUS_URL: server.url,
        TMINUS_TOKEN: await apiToken(w.projectId, w.users.admin, "member"),
        TMINUS_PROJECT: w.project.slug,
        GITHUB_SHA: git("rev-parse", "HEAD"), GITHUB_REF_NAME: "main", GITHUB_OUTPUT: output, GITHUB_RUN_ID: "4711", GITHUB_ACTOR: "ada",
        GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/web", BEFORE: before,
      };

      // Run twice, as a re-run of the job would: one release.
      for (let attempt = 0; attempt < 2; attempt++) {
        const r = await bash(releaseStep.run, env);
        expect(r.code, r.out).toBe(0);
      }
      expect(readFileSync(output, "utf8")).toBe("version=1.2.0\nversion=1.2.0\n");
      expect(await db.release.findMany({ where: { projectId: w.projectId }, select: { version: true, commitSha: true } })).toHaveLength(3);

      const deploying = bash(deployStep.run, { ...env, VERSION: "1.2.0" });
      await runWhenQueued(w.target.id);
      const deployed = await deploying;
      expect(deployed.code, deployed.out).toBe(0);
      expect(deployed.out).toContain("push to main by ada (https://github.com/acme/web/actions/runs/4711)");
      expect(deployed.out).toContain("✓ 1.2.0 is live on production");
      expect(await db.deployment.findFirst({ where: { targetId: w.target.id } })).toMatchObject({ idempotencyKey: "gh-4711-production", status: "succeeded" });

      const script = /```bash\n([\s\S]*?)```/.exec(docs)![1];
      const curling = bash(script, { ...env, VERSION: "1.1.0", CI_PIPELINE_ID: "55" });
      await runWhenQueued(w.target.id);
      const curled = await curling;
      expect(curled.code, curled.out).toBe(0);
      expect(curled.out).toMatch(/^Deployment #2: queued — /);
      expect(curled.out).toContain("Now serving 1.1.0 (was 1.2.0)");
    } finally {
      await w.app.close(100);
    }
  });
});
