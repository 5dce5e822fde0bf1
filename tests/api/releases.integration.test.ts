import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { apiToken, projectWithRoles, sessionCookie } from "@/tests/helpers/fixtures";
import { invoke, routeById } from "@/tests/helpers/api-world";

const create = routeById("releases.create");
const commits = {
  feature: [
    { hash: "1111111", message: "feat(search): instant results", author: "Ada" },
    { hash: "2222222", message: "fix: keep the cart after sign-in", author: "Max" },
    { hash: "3333333", message: "chore: bump deps" },
  ],
  breaking: [{ hash: "4444444", message: "feat(api)!: drop the v0 endpoints\n\nBREAKING CHANGE: clients must call /v1" }],
};

async function setup() {
  const { project, users } = await projectWithRoles();
  const as = { cookie: await sessionCookie(users.member.id) };
  const params = { projectId: project.id };
  const release = async (body: Record<string, unknown>) => invoke(create, { as, params, body });
  return { project, users, as, params, release };
}

describe("releases", () => {
  it("build their changelog from conventional commits and take the suggested next version when none is given", async () => {
    const { release } = await setup();
    const first = await release({ version: "1.3.2", commits: [{ hash: "0000000", message: "fix: first" }] });
    expect(first.status, first.text).toBe(201);

    const minor = await release({ title: "Faster search", commits: commits.feature });
    expect(minor.status, minor.text).toBe(201);
    expect(minor.json).toMatchObject({ version: "1.4.0", title: "Faster search", commitCount: 3 });
    expect(minor.json.changes.feature.map((c: { description: string }) => c.description)).toEqual(["instant results"]);
    expect(minor.json.changes.fix).toHaveLength(1);
    expect(minor.json.changes.other).toHaveLength(1);
    expect(minor.json.changelog).toMatch(/^## \[1\.4\.0\] - \d{4}-\d{2}-\d{2}/);
    expect(minor.json.changelog).toContain("### Added");
    expect(minor.json.changelog).toContain("- **search:** instant results (1111111)");
    expect(minor.json.changelog).toContain("### Fixed");

    const major = await release({ commits: commits.breaking });
    expect(major.json.version).toBe("2.0.0");
    expect(major.json.changelog).toContain("### Breaking changes");
    expect(major.json.changelog).toContain("clients must call /v1");
  });

  it("preview the suggestion and changelog without creating anything", async () => {
    const { project, as, params, release } = await setup();
    await release({ version: "0.9.0" });
    const preview = await invoke(routeById("releases.preview"), { as, params, body: { commits: commits.feature } });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json.suggestion).toMatchObject({ version: "0.10.0", bump: "minor", previous: "0.9.0" });
    expect(preview.json.suggestion.reason).toMatch(/feature/);
    expect(preview.json.changelog).toContain("## [0.10.0]");
    expect(await db.release.count({ where: { projectId: project.id } })).toBe(1);
  });

  it("refuse a version that exists (409 naming version) and bad input (400 naming the field), storing nothing", async () => {
    const { project, release } = await setup();
    await release({ version: "1.0.0" });
    const taken = await release({ version: "1.0.0" });
    expect([taken.status, taken.json.error.code, taken.json.error.issues[0].path]).toEqual([409, "version_taken", "version"]);

    const cases: [Record<string, unknown>, string][] = [
      [{ version: "v1.2.0" }, "version"],
      [{ version: "1.2" }, "version"],
      [{ commits: [{ hash: "xyz", message: "feat: x" }] }, "commits.0.hash"],
      [{ commits: [{ hash: "abcdef0", message: "" }] }, "commits.0.message"],
      [{ gitRef: "bad ref" }, "gitRef"],
      [{ title: "x".repeat(121) }, "title"],
      [{ unknown: true }, "body"],
    ];
    for (const [body, path] of cases) {
      const res = await release(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    expect(await db.release.count({ where: { projectId: project.id } })).toBe(1);
  });

  it("are created by members and CI tokens, read by viewers, refused to viewers, and audited", async () => {
    const { project, users, params } = await setup();
    const viewer = { cookie: await sessionCookie(users.viewer.id) };
    const refused = await invoke(create, { as: viewer, params, body: { version: "1.0.0" } });
    expect(refused.status).toBe(403);

    const ci = { bearer: await apiToken(project.id, users.admin, "member") };
    const made = await invoke(create, { as: ci, params, body: { version: "1.0.0", gitRef: "v1.0.0", commitSha: "ABCDEF1234567", commits: commits.feature } });
    expect(made.status, made.text).toBe(201);
    expect(made.json).toMatchObject({ gitRef: "v1.0.0", commitSha: "abcdef1234567", createdBy: expect.stringMatching(/^token:/) });

    const byVersion = await invoke(routeById("releases.get"), { as: viewer, params: { ...params, release: "1.0.0" } });
    const byId = await invoke(routeById("releases.get"), { as: viewer, params: { ...params, release: made.json.id } });
    expect([byVersion.status, byId.status]).toEqual([200, 200]);
    expect(byVersion.json).toEqual(byId.json);
    expect((await invoke(routeById("releases.get"), { as: viewer, params: { ...params, release: "9.9.9" } })).status).toBe(404);

    const audit = await db.auditLog.findFirstOrThrow({ where: { projectId: project.id, action: "release.create" } });
    expect(audit).toMatchObject({ actorType: "token", objectId: made.json.id });
    expect(audit.after).toMatchObject({ version: "1.0.0", features: 1, fixes: 1, other: 1, breaking: 0 });
  });

  it("list newest version first by precedence and export the project's CHANGELOG.md", async () => {
    const { as, params, release } = await setup();
    for (const version of ["1.9.0", "1.10.0", "1.3.3", "2.0.0-rc.1"]) await release({ version, commits: [{ hash: "abcdef0", message: `fix: in ${version}` }] });
    const list = await invoke(routeById("releases.list"), { as, params });
    expect(list.json.map((r: { version: string }) => r.version)).toEqual(["2.0.0-rc.1", "1.10.0", "1.9.0", "1.3.3"]);

    const md = await invoke(routeById("releases.changelog"), { as, params });
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(md.text.startsWith("# Changelog")).toBe(true);
    const order = ["2.0.0-rc.1", "1.10.0", "1.9.0", "1.3.3"].map((v) => md.text.indexOf(`## [${v}]`));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
  });
});
