import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedDemo } from "@/lib/seed/demo";
import { systemCtx } from "@/lib/auth/context";
import { exportChangelog, listReleases } from "@/lib/releases/releases";

describe("the demo seed", () => {
  it("gives Acme Web a release history up to the versions its targets run, and running it again changes nothing", async () => {
    const { projectId } = await seedDemo(db);
    await seedDemo(db);
    const ctx = systemCtx("test");
    const releases = await listReleases({ ctx, input: { projectId } });
    expect(releases.map((r) => r.version)).toEqual(["1.4.0", "1.3.2", "1.3.1", "1.3.0", "1.2.0"]);
    expect(releases[0].changes.breaking).toHaveLength(1);
    const changelog = await exportChangelog({ ctx, input: { projectId } });
    expect(changelog).toContain("## [1.4.0]");
    expect(changelog).toContain("### Breaking changes");
    expect(await db.auditLog.count({ where: { projectId, action: "release.create" } })).toBe(5);
  });
});

describe("the demo deployments", () => {
  it("put 1.3.2 live on production and 1.4.0 on staging, deployable by command, with 1.4.0 waiting for the approver on production", async () => {
    const { projectId, users } = await seedDemo(db);
    await seedDemo(db);
    const ctx = systemCtx("test");
    const { getTargetDeployState, listDeployments, approvalInbox } = await import("@/lib/deployments/deployments");
    const targets = await db.target.findMany({ where: { projectId }, orderBy: { name: "asc" } });
    const [production, staging] = targets;
    expect(production.providerKind).toBe("command");
    expect(production.providerSettings).toMatchObject({ command: `node examples/demo-target/deploy.mjs ${production.baseUrl}` });
    const prod = await getTargetDeployState({ ctx, input: { projectId, targetId: production.id } });
    expect(prod.live?.version).toBe("1.3.2");
    expect(prod.policy.approvalsRequired).toBe(1);
    expect(prod.deployable.ok).toBe(true);
    expect(prod.waiting.map((d) => [d.release.version, d.status])).toEqual([["1.4.0", "awaiting_approval"]]);
    expect((await getTargetDeployState({ ctx, input: { projectId, targetId: staging.id } })).live?.version).toBe("1.4.0");
    expect((await listDeployments({ ctx, input: { projectId, query: {} } })).length).toBe(8);
    const approver = await db.user.findUniqueOrThrow({ where: { id: users.approver } });
    const inbox = await approvalInbox({ ctx: { actor: { type: "user", userId: approver.id, email: approver.email, name: approver.name, isInstanceAdmin: false } } });
    expect(inbox.map((d) => d.release.version)).toContain("1.4.0");
  });
});
