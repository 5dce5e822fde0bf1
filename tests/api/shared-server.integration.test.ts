import { afterAll, describe, expect, it, vi } from "vitest";

// Before lib/env is first read: this process is a server that listens beyond loopback.
const saved = vi.hoisted(() => {
  const before = process.env.LISTEN_HOST;
  process.env.LISTEN_HOST = "0.0.0.0";
  return before;
});
afterAll(() => {
  if (saved === undefined) delete process.env.LISTEN_HOST;
  else process.env.LISTEN_HOST = saved;
});

import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { signInWithPassword } from "@/lib/auth/users";
import { DEMO_ACCOUNTS } from "@/scripts/lib/demo-accounts.mjs";

async function userWithPassword(email: string, password: string) {
  const passwordHash = await hashPassword(password);
  return db.user.upsert({ where: { email }, create: { email, name: email, passwordHash }, update: { passwordHash } });
}

describe("a server listening beyond loopback", () => {
  it("refuses the demo accounts' published passwords, saying why", async () => {
    const demo = DEMO_ACCOUNTS.find((a) => a.role === "member")!;
    await userWithPassword(demo.email, demo.password);
    await expect(signInWithPassword({ input: { email: demo.email, password: demo.password }, ip: null })).rejects.toMatchObject({
      code: "demo_password",
      status: 403,
    });
    // The same account with a password of its own signs in.
    await userWithPassword(demo.email, "a-password-nobody-published");
    expect(await signInWithPassword({ input: { email: demo.email, password: "a-password-nobody-published" }, ip: null })).toMatchObject({ email: demo.email });
    await db.user.delete({ where: { email: demo.email } });
  });
});
