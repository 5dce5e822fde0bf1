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
