import { db } from "../db";
import { env } from "../env";
import { writeAudit } from "../audit/write";
import { ConflictError, RateLimitedError, parseInput } from "../errors";
import type { Ctx } from "./context";
import { DUMMY_HASH, hashPassword, verifyPassword } from "./password";
import { ZSetup, ZSignIn } from "./schemas";

export type SessionUser = { id: string; email: string; name: string; isInstanceAdmin: boolean };

/** Email + password sign-in, limited per email and per client address over a sliding window. */
export async function signInWithPassword({ input, ip }: { input: unknown; ip: string }): Promise<SessionUser | null> {
  const { email, password } = parseInput(ZSignIn, input);
  const since = new Date(Date.now() - env.SIGNIN_WINDOW_MINUTES * 60_000);
  const [byEmail, byIp] = await Promise.all([
    db.signInAttempt.count({ where: { email, success: false, createdAt: { gte: since } } }),
    db.signInAttempt.count({ where: { ip, success: false, createdAt: { gte: since } } }),
  ]);
  if (byEmail >= env.SIGNIN_MAX_FAILURES || byIp >= env.SIGNIN_MAX_FAILURES * 4) {
    throw new RateLimitedError(`Too many failed sign-ins; try again in ${env.SIGNIN_WINDOW_MINUTES} minutes`);
  }
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  await db.signInAttempt.create({ data: { email, ip, success: Boolean(user && ok) } });
  if (!user || !ok) return null;
  return { id: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin };
}

export const needsSetup = async () => (await db.user.count()) === 0;

/** The first account of a fresh install becomes the instance admin; afterwards people join by invitation. */
export async function setupFirstUser({ input }: { input: unknown }): Promise<SessionUser> {
  const data = parseInput(ZSetup, input);
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

export type GithubIdentity = { githubId: string; email: string | null; emailVerified: boolean; name: string | null };
/** Refusal codes double as the sign-in page's ?error= values. */
export type GithubSignIn = { ok: true; user: SessionUser } | { ok: false; reason: "NoAccount" | "UnverifiedEmail" | "OtherGithubAccount" };

const sessionUser = (u: { id: string; email: string; name: string; isInstanceAdmin: boolean }): SessionUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  isInstanceAdmin: u.isInstanceAdmin,
});

/**
 * A GitHub account signs in as the user it was linked to; otherwise its verified email links it to the user with that
 * email (an unverified one could claim anyone's account). Only a fresh install gets a new user from GitHub; after
 * that people join by invitation.
 */
export async function signInWithGithub(identity: GithubIdentity): Promise<GithubSignIn> {
  const linked = await db.user.findUnique({ where: { githubId: identity.githubId } });
  if (linked) return { ok: true, user: sessionUser(linked) };
  if (!identity.email) return { ok: false, reason: "NoAccount" };
  if (!identity.emailVerified) return { ok: false, reason: "UnverifiedEmail" };
  const email = identity.email.toLowerCase();
  return db.$transaction(async (tx): Promise<GithubSignIn> => {
    // Same lock as setupFirstUser: one first user, and one link per email at a time.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(727001)`;
    const user = await tx.user.findUnique({ where: { email } });
    if (user) {
      if (user.githubId && user.githubId !== identity.githubId) return { ok: false, reason: "OtherGithubAccount" };
      await tx.user.update({ where: { id: user.id }, data: { githubId: identity.githubId } });
      const ctx: Ctx = { actor: { type: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin } };
      await writeAudit(tx, ctx, { projectId: null, action: "user.github_link", objectType: "user", objectId: user.id, after: { githubId: identity.githubId } });
      return { ok: true, user: sessionUser(user) };
    }
    if ((await tx.user.count()) > 0) return { ok: false, reason: "NoAccount" };
    const created = await tx.user.create({ data: { email, name: identity.name ?? email, githubId: identity.githubId, isInstanceAdmin: true } });
    const ctx: Ctx = { actor: { type: "user", userId: created.id, email: created.email, name: created.name, isInstanceAdmin: true } };
    await writeAudit(tx, ctx, { projectId: null, action: "instance.setup", objectType: "user", objectId: created.id, after: { email, githubId: identity.githubId } });
    return { ok: true, user: sessionUser(created) };
  });
}

export async function loadSessionUser(userId: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { id: userId } });
  return user ? { id: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin } : null;
}
