import { describe, expect, it } from "vitest";
import type { TAuditEntry } from "@/lib/queries/audit";
import { actorName, describeEntry, diff } from "./describe";

const entry = (over: Partial<TAuditEntry>): TAuditEntry => ({
  id: "1", createdAt: "2026-11-25T12:00:00.000Z", actorType: "user", actorLabel: "Ada", action: "", objectType: "target",
  objectId: "t1", before: null, after: null, requestId: null, ...over,
});
const ctx = { base: "/projects/acme-web", targetNames: { t1: "staging" } };

describe("describeEntry", () => {
  it("says which field of which target changed, from what to what", () => {
    const s = describeEntry(entry({ action: "target.update", before: { name: "staging", healthPath: "/health?walk=1" }, after: { name: "staging", healthPath: "/health" } }), ctx);
    expect(s).toEqual({ verb: "changed the health path of", object: { label: "staging", href: "/projects/acme-web/targets#target-t1-name" }, detail: "from /health?walk=1 to /health" });
  });

  it("names a tested target from the project's targets, and a role change by its roles", () => {
    expect(describeEntry(entry({ action: "target.test", after: { connectionTestId: "c1" } }), ctx).object?.label).toBe("staging");
    const role = describeEntry(entry({ action: "member.update", objectType: "member", before: { email: "bo@x.test", role: "member" }, after: { email: "bo@x.test", role: "approver" } }), ctx);
    expect(`${role.verb} ${role.object?.label} ${role.detail}`).toBe("changed the role of bo@x.test from member to approver");
  });
});

describe("diff", () => {
  it("lists only the changed fields", () => {
    expect(diff({ a: 1, b: "x" }, { a: 1, b: "y" })).toEqual([{ field: "b", label: "b", before: "x", after: "y" }]);
  });
});

describe("actorName", () => {
  it("names system actors without internal ids", () => {
    expect(actorName("system:target.probe#cmwwle0dt0001mk7d2tkmbtpr")).toBe("The connection-test worker");
    expect(actorName("system:seed")).toBe("The demo seed");
    expect(actorName("admin@acme.test")).toBe("admin@acme.test");
  });
});
