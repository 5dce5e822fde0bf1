import { db } from "../db";
import { writeAudit } from "../audit/write";
import { ConflictError } from "../errors";
import { requireUser, type Ctx } from "./context";
import { auditSignIn, sessionUser, type SessionUser } from "./users";

export type GithubIdentity = { githubId: string; email: string | null; emailVerified: boolean; name: string | null };
/** Refusal codes double as the sign-in page's ?error= values. */
export type GithubRefusal = "NoAccount" | "UnverifiedEmail" | "OtherGithubAccount" | "LinkFromAccount" | "GithubLinkedElsewhere";
export type GithubSignIn = { ok: true; user: SessionUser } | { ok: false; reason: GithubRefusal };

type UserRow = { id: string; email: string; name: string; isInstanceAdmin: boolean; githubId: string | null };
const userCtx = (u: UserRow): Ctx => ({ actor: { type: "user", userId: u.id, email: u.email, name: u.name, isInstanceAdmin: u.isInstanceAdmin } });

export type GithubLinkOptions = {
  /** The signed-in user who asked to link GitHub (the signed link cookie); they proved both accounts are theirs. */
  linkUserId?: string | null;
  /** GITHUB_LINK_BY_EMAIL=1: a verified email matching a user links without that step. */
  linkByEmail?: boolean;
};

/**
 * A GitHub account signs in as the user it is linked to. Linking happens only from a signed-in session, or by
 * verified email when the instance allows it (an unverified email could claim anyone's account). Only a fresh
 * install gets a new user from GitHub; after that people join by invitation.
 */
export async function signInWithGithub(identity: GithubIdentity, opts: GithubLinkOptions = {}): Promise<GithubSignIn> {
  const linked = await db.user.findUnique({ where: { githubId: identity.githubId } });
  if (linked && opts.linkUserId && linked.id !== opts.linkUserId) return { ok: false, reason: "GithubLinkedElsewhere" };
  const result = linked ? ({ ok: true, user: sessionUser(linked) } as const) : await linkOrCreate(identity, opts);
  if (result.ok) await auditSignIn(result.user, "github");
  return result;
}

async function linkOrCreate(identity: GithubIdentity, opts: GithubLinkOptions): Promise<GithubSignIn> {
  if (!opts.linkUserId) {
    if (!identity.email) return { ok: false, reason: "NoAccount" };
    if (!identity.emailVerified) return { ok: false, reason: "UnverifiedEmail" };
  }
  const email = identity.email?.toLowerCase() ?? "";
  return db.$transaction(async (tx): Promise<GithubSignIn> => {
    // Same lock as setupFirstUser: one first user, and one link per account at a time.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(727001)`;
    if ((await tx.user.count({ where: { githubId: identity.githubId } })) > 0) return { ok: false, reason: "GithubLinkedElsewhere" };
    const user = opts.linkUserId ? await tx.user.findUnique({ where: { id: opts.linkUserId } }) : await tx.user.findUnique({ where: { email } });
    if (user) {
      if (user.githubId && user.githubId !== identity.githubId) return { ok: false, reason: "OtherGithubAccount" };
      if (!opts.linkUserId && !opts.linkByEmail) return { ok: false, reason: "LinkFromAccount" };
      await tx.user.update({ where: { id: user.id }, data: { githubId: identity.githubId } });
      const via = opts.linkUserId ? "session" : "verified_email";
      await writeAudit(tx, userCtx(user), { projectId: null, action: "user.github_link", objectType: "user", objectId: user.id, after: { githubId: identity.githubId, via } });
      return { ok: true, user: sessionUser(user) };
    }
    if (opts.linkUserId || (await tx.user.count()) > 0) return { ok: false, reason: "NoAccount" };
    const created = await tx.user.create({ data: { email, name: identity.name ?? email, githubId: identity.githubId, isInstanceAdmin: true } });
    await writeAudit(tx, userCtx(created), { projectId: null, action: "instance.setup", objectType: "user", objectId: created.id, after: { email, githubId: identity.githubId } });
    return { ok: true, user: sessionUser(created) };
  });
}

/** Unlinks the signed-in user's GitHub account; someone without a password would lock themselves out, so not them. */
export async function unlinkGithub({ ctx }: { ctx: Ctx }) {
  const actor = requireUser(ctx);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId } });
    if (!user.githubId) return { githubLinked: false };
    if (!user.passwordHash) throw new ConflictError("Your account has no password, so GitHub is your only way to sign in; it stays linked", "github_only_sign_in");
    await tx.user.update({ where: { id: user.id }, data: { githubId: null } });
    await writeAudit(tx, ctx, { projectId: null, action: "user.github_unlink", objectType: "user", objectId: user.id, before: { githubId: user.githubId } });
    return { githubLinked: false };
  });
}
