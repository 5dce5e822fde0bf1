import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { apiToken, projectWithRoles } from "@/tests/helpers/fixtures";
import { startApiServer } from "@/tests/helpers/api-server";

const cli = path.resolve(__dirname, "../../bin/tminus.mjs");
let server: Awaited<ReturnType<typeof startApiServer>>;
let repo: string;

/** Runs the real CLI as CI would: a child process with TMINUS_URL and TMINUS_TOKEN. */
function tminus(args: string[], env: Record<string, string>, cwd = repo) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  server = await startApiServer();
  // A repository of its own, with conventional commits between two tags.
  repo = mkdtempSync(path.join(tmpdir(), "tminus-cli-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: "Ada", GIT_AUTHOR_EMAIL: "ada@example.test", GIT_COMMITTER_NAME: "Ada", GIT_COMMITTER_EMAIL: "ada@example.test" } });
  git("init", "-q");
  git("commit", "-q", "--allow-empty", "-m", "chore: start");
  git("tag", "v1.0.0");
  git("commit", "-q", "--allow-empty", "-m", "feat(search): instant results");
  git("commit", "-q", "--allow-empty", "-m", "fix: keep the cart\n\nRefs: #12");
});
afterAll(async () => {
  await server?.close();
  if (repo) rmSync(repo, { recursive: true, force: true });
});

describe("the tminus CLI", () => {
  it("previews and creates a release from a git range, through the operations named in the OpenAPI document", async () => {
    const { project, users } = await projectWithRoles();
    const env = { TMINUS_URL: server.url, TMINUS_TOKEN: await apiToken(project.id, users.admin, "member") };
    await db.release.create({ data: { projectId: project.id, version: "1.0.0", createdBy: "test" } });

    const preview = await tminus(["release", "preview", "--project", project.slug, "--from-git", "v1.0.0..HEAD"], env);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain("Next version: 1.1.0");
    expect(await db.release.count({ where: { projectId: project.id } })).toBe(1);

    const created = await tminus(["release", "create", "--project", project.slug, "--from-git", "v1.0.0..HEAD", "--title", "Search", "--git-ref", "v1.1.0"], env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^Released 1\.1\.0 \(2 commits\)/);
    expect(created.stdout).toContain("- **search:** instant results");
    const row = await db.release.findUniqueOrThrow({ where: { projectId_version: { projectId: project.id, version: "1.1.0" } } });
    expect(row).toMatchObject({ title: "Search", gitRef: "v1.1.0", createdBy: expect.stringMatching(/^token:/) });

    const out = path.join(repo, "CHANGELOG.md");
    const changelog = await tminus(["release", "changelog", "--project", project.slug, "--out", out], env);
    expect(changelog.code, changelog.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^# Changelog[\s\S]*## \[1\.1\.0\][\s\S]*## \[1\.0\.0\]/);
  });

  it("exits 1 with the server's sentence and the named fields when refused, and 64 on bad usage", async () => {
    const { project, users } = await projectWithRoles();
    const env = { TMINUS_URL: server.url, TMINUS_TOKEN: await apiToken(project.id, users.admin, "member") };
    const bad = await tminus(["release", "create", "--project", project.slug, "--version", "v2"], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/invalid_input, HTTP 400/);
    expect(bad.stderr).toMatch(/version: must be a semantic version/);

    const viewer = await tminus(["release", "create", "--project", project.slug, "--version", "2.0.0"], { ...env, TMINUS_TOKEN: await apiToken(project.id, users.admin, "viewer") });
    expect([viewer.code, viewer.stderr]).toEqual([1, expect.stringMatching(/forbidden, HTTP 403/)]);

    expect((await tminus(["release", "create"], env)).stderr).toMatch(/--project is required/);
    expect((await tminus(["release", "create", "--project", "x"], { TMINUS_URL: "", TMINUS_TOKEN: "" })).code).toBe(64);
    const generic = await tminus(["call", "releases.list", "--param", `projectId=${project.id}`], env);
    expect(generic.code, generic.stderr).toBe(0);
    expect(JSON.parse(generic.stdout)).toEqual([]);
  });
});
