import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { hashPassword } from "./password";
import { signInWithPassword } from "./users";
import { uid } from "@/tests/helpers/fixtures";

async function userWithPassword(password: string) {
  return db.user.create({ data: { email: `signin-${uid()}@example.test`, name: "Sign In", passwordHash: await hashPassword(password) } });
}

describe("email and password sign-in", () => {
  it("accepts the right password, refuses a wrong one and an unknown email alike", async () => {
    const user = await userWithPassword("correct horse battery");
    expect(await signInWithPassword({ input: { email: user.email.toUpperCase(), password: "correct horse battery" }, ip: "10.9.0.1" })).toMatchObject({ id: user.id });
    expect(await signInWithPassword({ input: { email: user.email, password: "wrong password!" }, ip: "10.9.0.1" })).toBeNull();
    expect(await signInWithPassword({ input: { email: `nobody-${uid()}@example.test`, password: "whatever12" }, ip: "10.9.0.1" })).toBeNull();
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$2[aby]\$11\$/);
  });

  it("locks an email after repeated failures, even for the right password, until the window passes", async () => {
    const user = await userWithPassword("right password 1");
    for (let i = 0; i < 5; i++) {
      expect(await signInWithPassword({ input: { email: user.email, password: `wrong-${i}-password` }, ip: `10.9.1.${i}` })).toBeNull();
    }
    await expect(signInWithPassword({ input: { email: user.email, password: "right password 1" }, ip: "10.9.1.99" })).rejects.toMatchObject({ code: "rate_limited", status: 429 });
    // Old failures fall out of the window.
    await db.signInAttempt.updateMany({ where: { email: user.email }, data: { createdAt: new Date(Date.now() - 16 * 60_000) } });
    expect(await signInWithPassword({ input: { email: user.email, password: "right password 1" }, ip: "10.9.1.99" })).toMatchObject({ id: user.id });
  });

  it("limits one client address guessing across many emails", async () => {
    const ip = `10.8.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 20; i++) await signInWithPassword({ input: { email: `guess-${uid()}@example.test`, password: "guessing-123" }, ip });
    const user = await userWithPassword("right password 2");
    await expect(signInWithPassword({ input: { email: user.email, password: "right password 2" }, ip })).rejects.toMatchObject({ code: "rate_limited", scope: "address" });
    const lockout = await db.auditLog.findFirst({ where: { action: "auth.lockout", objectType: "address", objectId: ip } });
    expect(lockout).toMatchObject({ projectId: null, actorType: "system" });
  });

  it("keeps no shared bucket for clients without a trustworthy address: guessing many emails locks out nobody else", async () => {
    for (let i = 0; i < 25; i++) await signInWithPassword({ input: { email: `anon-${uid()}@example.test`, password: "guessing-123" }, ip: null });
    const user = await userWithPassword("right password 3");
    expect(await signInWithPassword({ input: { email: user.email, password: "right password 3" }, ip: null })).toMatchObject({ id: user.id });
  });

  it("counts parallel wrong guesses atomically: no more than the limit ever reach the password check", async () => {
    const user = await userWithPassword("right password 4");
    const guesses = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => signInWithPassword({ input: { email: user.email, password: `parallel-guess-${i}` }, ip: null })),
    );
    expect(guesses.filter((g) => g.status === "fulfilled")).toHaveLength(5);
    expect(guesses.filter((g) => g.status === "rejected").map((g) => (g as PromiseRejectedResult).reason.code)).toEqual(Array(7).fill("rate_limited"));
    expect(await db.signInAttempt.count({ where: { email: user.email } })).toBe(5);
    expect(await db.auditLog.count({ where: { action: "auth.lockout", objectType: "email", objectId: user.email } })).toBe(1);
  });

  it("says how long to wait, counted from the failure that keeps the email locked", async () => {
    const user = await userWithPassword("right password 5");
    for (let i = 0; i < 5; i++) await signInWithPassword({ input: { email: user.email, password: `wrong-${i}-password` }, ip: null });
    // The oldest failure was 4 minutes ago; the 15-minute window frees a slot in 11 minutes.
    const [oldest] = await db.signInAttempt.findMany({ where: { email: user.email }, orderBy: { id: "asc" }, take: 1 });
    await db.signInAttempt.update({ where: { id: oldest.id }, data: { createdAt: new Date(Date.now() - 4 * 60_000) } });
    const locked = signInWithPassword({ input: { email: user.email, password: "right password 5" }, ip: null });
    await expect(locked).rejects.toMatchObject({ scope: "email", minutes: 11, message: "Too many failed sign-ins for this email. Try again in 11 minutes." });
  });

  it("audits a successful sign-in as an instance event", async () => {
    const user = await userWithPassword("right password 6");
    await signInWithPassword({ input: { email: user.email, password: "right password 6" }, ip: null });
    const entry = await db.auditLog.findFirst({ where: { action: "auth.signin", objectId: user.id } });
    expect(entry).toMatchObject({ projectId: null, actorId: user.id, after: { method: "password" } });
  });
});

describe("first-run set-up", () => {
  it("is refused once any user exists, with a message that says to sign in", async () => {
    await userWithPassword("someone else 1");
    const { call } = await import("@/tests/helpers/fixtures");
    const res = await call("POST", "/setup", { body: { name: "Late", email: `late-${uid()}@example.test`, password: "long enough pw" } });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("already_set_up");
    expect(res.json.error.message).toMatch(/sign in/i);
  });
});
