import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { signInWithPassword } from "@/lib/auth/users";
import { createUser, projectWithRoles, sessionCookie } from "@/tests/helpers/fixtures";
import { invoke, routeById } from "@/tests/helpers/api-world";

const route = routeById("instance.audit");

describe("the instance's activity", () => {
  it("lists sign-ins and other instance events to instance admins only, newest first and paged, without project rows", async () => {
    const email = `signin-${Date.now()}@example.test`;
    await db.user.create({ data: { email, name: "Signer", passwordHash: await hashPassword("correct horse battery") } });
    for (let i = 0; i < 2; i++) await signInWithPassword({ input: { email, password: "correct horse battery" }, ip: null });
    const { users } = await projectWithRoles();
    const admin = { cookie: await sessionCookie((await createUser({ isInstanceAdmin: true })).id) };

    const page = await invoke(route, { as: admin, query: { limit: "200" } });
    expect(page.status, page.text).toBe(200);
    const signIn = page.json.items.find((e: { action: string; actorLabel: string }) => e.action === "auth.signin" && e.actorLabel === email);
    expect(signIn).toMatchObject({ objectType: "user", after: { method: "password" } });
    expect(page.json.items.every((e: { action: string }) => !e.action.startsWith("project.") && !e.action.startsWith("member."))).toBe(true);
    const ids = page.json.items.map((e: { id: string }) => BigInt(e.id));
    expect(ids).toEqual([...ids].sort((a: bigint, b: bigint) => (a > b ? -1 : 1)));

    const first = await invoke(route, { as: admin, query: { limit: "1" } });
    const second = await invoke(route, { as: admin, query: { limit: "1", cursor: first.json.nextCursor } });
    expect(first.json.nextCursor).toBeTruthy();
    expect(BigInt(second.json.items[0].id)).toBeLessThan(BigInt(first.json.items[0].id));

    const projectAdmin = await invoke(route, { as: { cookie: await sessionCookie(users.admin.id) } });
    expect([projectAdmin.status, projectAdmin.json.error.code]).toEqual([403, "forbidden"]);
    expect((await invoke(route, {})).status).toBe(401);
  });
});
