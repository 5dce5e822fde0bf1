import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, can, roleAtLeast, type Action } from "./permissions";

describe("can", () => {
  it("grants exactly the roles listed for each action", () => {
    for (const action of Object.keys(PERMISSIONS) as Action[]) {
      for (const role of ROLES) expect(can(role, action), `${role} ${action}`).toBe((PERMISSIONS[action] as readonly string[]).includes(role));
    }
  });

  it("keeps the policy: everyone reads, members test targets, approvers read the audit log, admins change things", () => {
    expect(ROLES.filter((r) => can(r, "project.read"))).toEqual(["viewer", "member", "approver", "admin"]);
    expect(ROLES.filter((r) => can(r, "target.test"))).toEqual(["member", "approver", "admin"]);
    expect(ROLES.filter((r) => can(r, "audit.read"))).toEqual(["approver", "admin"]);
    for (const action of ["project.update", "project.delete", "target.create", "target.delete", "member.invite", "member.remove", "token.create", "token.read"] as const) {
      expect(ROLES.filter((r) => can(r, action)), action).toEqual(["admin"]);
    }
  });

  it("gives admin every action, and no role an action a higher role lacks", () => {
    for (const action of Object.keys(PERMISSIONS) as Action[]) {
      expect(can("admin", action), action).toBe(true);
      ROLES.forEach((role, i) => {
        if (can(role, action)) for (const higher of ROLES.slice(i + 1)) expect(can(higher, action), `${higher} ${action}`).toBe(true);
      });
    }
  });
});

describe("roleAtLeast", () => {
  it("orders viewer < member < approver < admin", () => {
    ROLES.forEach((role, i) => ROLES.forEach((min, j) => expect(roleAtLeast(role, min), `${role} >= ${min}`).toBe(i >= j)));
  });
});
