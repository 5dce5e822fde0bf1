import { db } from "../db";
import { env, isLoopbackHost } from "../env";
import { DEMO_ACCOUNTS } from "../../scripts/lib/demo-accounts.mjs";
import { writeAudit } from "../audit/write";
import { AppError, ConflictError, parseInput } from "../errors";
import type { Ctx } from "./context";
import { DUMMY_HASH, hashPassword, verifyPassword } from "./password";
import { ZSetup, ZSignIn } from "./schemas";
import { claimSignInAttempt, settleSignInAttempt } from "./signin-limit";

export type SessionUser = { id: string; email: string; name: string; isInstanceAdmin: boolean };

export const sessionUser = (u: { id: string; email: string; name: string; isInstanceAdmin: boolean }): SessionUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  isInstanceAdmin: u.isInstanceAdmin,
});

/**
 * Email + password sign-in, limited per email and, when a trusted proxy names the client, per address (see
 * signin-limit.ts). Without a trustworthy address there is no address bucket, never a shared one.
 */
export async function signInWithPassword({ input, ip }: { input: unknown; ip: string | null }): Promise<SessionUser | null> {
  const { email, password } = parseInput(ZSignIn, input);
  const claim = await claimSignInAttempt(email, ip);
  const user = await db.user.findUnique({ where: { email } });
  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  const ok = Boolean(user) && matches;
  await settleSignInAttempt(claim, ok);
  if (!user || !ok) return null;
  // The demo passwords are printed in the README: on a server others can reach they would let anyone in.
  if (!isLoopbackHost(env.LISTEN_HOST) && DEMO_ACCOUNTS.some((a) => a.email === user.email && a.password === password)) {
    throw new AppError("demo_password", "This account still has its published demo password", 403);
  }
  await auditSignIn(user, "password");
  return sessionUser(user);
}

/** Sign-ins are instance events (projectId null), so an admin can see who got in and how. */
export async function auditSignIn(user: { id: string; email: string; name: string; isInstanceAdmin: boolean }, method: "password" | "github") {
  const ctx: Ctx = { actor: { type: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin } };
  await writeAudit(db, ctx, { projectId: null, action: "auth.signin", objectType: "user", objectId: user.id, after: { method } });
}

export const needsSetup = async () => (await db.user.count()) === 0;

/** The first account of a fresh install becomes the instance admin; afterwards people join by invitation. */
export async function setupFirstUser({ input }: { input: unknown }): Promise<SessionUser> {
  const data = parseInput(ZSetup, input);
  // A public route: once set up, refuse before spending a bcrypt hash on the request.
  if (!(await needsSetup())) throw new ConflictError("T-Minus is already set up; sign in instead", "already_set_up");
  const passwordHash = await hashPassword(data.password);
  return db.$transaction(async (tx) => {
    // Serialises concurrent set-up attempts so exactly one first user exists.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(727001)`;
    if ((await tx.user.count()) > 0) throw new ConflictError("T-Minus is already set up; sign in instead", "already_set_up");
    const user = await tx.user.create({ data: { email: data.email, name: data.name, passwordHash, isInstanceAdmin: true } });
    const ctx: Ctx = { actor: { type: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: true } };
    await writeAudit(tx, ctx, { projectId: null, action: "instance.setup", objectType: "user", objectId: user.id, after: { email: user.email } });
    return { id: user.id, email: user.email, name: user.name, isInstanceAdmin: true };
  });
}

export async function loadSessionUser(userId: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { id: userId } });
  return user ? { id: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin } : null;
}

/** What the account page shows about the signed-in person's ways in. */
export async function accountSummary(userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  return { email: user.email, name: user.name, githubLinked: Boolean(user.githubId), hasPassword: Boolean(user.passwordHash) };
}
