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

/** GitHub sign-in links by verified email to an existing user, or creates the first user on a fresh install. */
export async function signInWithGithub(profile: { githubId: string; email: string | null; name: string | null }): Promise<SessionUser | null> {
  const byGithub = await db.user.findUnique({ where: { githubId: profile.githubId } });
  const user = byGithub ?? (profile.email ? await db.user.findUnique({ where: { email: profile.email.toLowerCase() } }) : null);
  if (user) {
    if (!user.githubId) await db.user.update({ where: { id: user.id }, data: { githubId: profile.githubId } });
    return { id: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin };
  }
  if (profile.email && (await needsSetup())) {
    const created = await db.user.create({
      data: { email: profile.email.toLowerCase(), name: profile.name ?? profile.email, githubId: profile.githubId, isInstanceAdmin: true },
    });
    return { id: created.id, email: created.email, name: created.name, isInstanceAdmin: true };
  }
  return null;
}

export async function loadSessionUser(userId: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { id: userId } });
  return user ? { id: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin } : null;
}
