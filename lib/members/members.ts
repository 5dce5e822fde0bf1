import type { Invitation } from "@prisma/client";
import { db } from "../db";
import { env } from "../env";
import { authorize, type Ctx } from "../auth/context";
import { can } from "../auth/permissions";
import { writeAudit } from "../audit/write";
import { hashPassword } from "../auth/password";
import { lockLiveToken, revokeTokensAboveRole } from "../tokens/tokens";
import { randomToken, sha256 } from "../crypto/secrets";
import { ConflictError, NotFoundError, UnprocessableError, ValidationError, parseInput } from "../errors";
import { ZInvitationAccept, ZInvitationCreate, ZMemberUpdate } from "./schemas";
import { announceAccessChange } from "../live/access";
import { revokePendingInvitations } from "./revoke-invitations";

const INVITATION_DAYS = 7;

export async function listMembers({ ctx, input }: { ctx: Ctx; input: { projectId: string } }) {
  await authorize(ctx, input.projectId, "member.read");
  const rows = await db.membership.findMany({ where: { projectId: input.projectId }, include: { user: true }, orderBy: { createdAt: "asc" } });
  return rows.map((m) => ({ userId: m.userId, email: m.user.email, name: m.user.name, role: m.role, joinedAt: m.createdAt.toISOString() }));
}

async function assertNotLastAdmin(tx: Parameters<Parameters<typeof db.$transaction>[0]>[0], projectId: string, userId: string) {
  // Serialises admin demotions per project: two admins demoting each other at once would otherwise both see two admins.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`last_admin:${projectId}`}))`;
  const admins = await tx.membership.findMany({ where: { projectId, role: "admin" }, select: { userId: true } });
  if (admins.length === 1 && admins[0].userId === userId) {
    throw new ConflictError("A project keeps at least one admin; promote someone else first", "last_admin");
  }
}

export async function updateMemberRole({ ctx, input }: { ctx: Ctx; input: { projectId: string; userId: string; patch: unknown } }) {
  await authorize(ctx, input.projectId, "member.update");
  const { role } = parseInput(ZMemberUpdate, input.patch);
  return db.$transaction(async (tx) => {
    const before = await tx.membership.findUnique({ where: { projectId_userId: { projectId: input.projectId, userId: input.userId } }, include: { user: true } });
    if (!before) throw new NotFoundError("Member");
    if (before.role === "admin" && role !== "admin") await assertNotLastAdmin(tx, input.projectId, input.userId);
    const after = await tx.membership.update({ where: { projectId_userId: { projectId: input.projectId, userId: input.userId } }, data: { role } });
    await revokeTokensAboveRole(tx, ctx, { projectId: input.projectId, userId: input.userId, role, reason: `creator's role changed to ${role}` });
    if (!can(role, "member.invite")) await revokePendingInvitations(tx, ctx, { projectId: input.projectId, sentBy: { invitedById: input.userId }, reason: `inviter's role changed to ${role}` });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "member.update", objectType: "member", objectId: input.userId, before: { email: before.user.email, role: before.role }, after: { email: before.user.email, role: after.role } });
    return { userId: after.userId, email: before.user.email, name: before.user.name, role: after.role, joinedAt: after.createdAt.toISOString() };
  }).finally(() => announceAccessChange(input.projectId));
}

export async function removeMember({ ctx, input }: { ctx: Ctx; input: { projectId: string; userId: string } }) {
  await authorize(ctx, input.projectId, "member.remove");
  await db.$transaction(async (tx) => {
    const before = await tx.membership.findUnique({ where: { projectId_userId: { projectId: input.projectId, userId: input.userId } }, include: { user: true } });
    if (!before) throw new NotFoundError("Member");
    if (before.role === "admin") await assertNotLastAdmin(tx, input.projectId, input.userId);
    await tx.membership.delete({ where: { projectId_userId: { projectId: input.projectId, userId: input.userId } } });
    await revokeTokensAboveRole(tx, ctx, { projectId: input.projectId, userId: input.userId, role: null, reason: "creator left the project" });
    await revokePendingInvitations(tx, ctx, { projectId: input.projectId, sentBy: { invitedById: input.userId }, reason: "inviter left the project" });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "member.remove", objectType: "member", objectId: input.userId, before: { email: before.user.email, role: before.role } });
  });
  await announceAccessChange(input.projectId);
  return { deleted: true };
}

const invitationStatus = (i: Invitation) =>
  i.acceptedAt ? "accepted" : i.revokedAt ? "revoked" : i.expiresAt < new Date() ? "expired" : "pending";
const toInvitation = (i: Invitation, acceptUrl?: string) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  status: invitationStatus(i),
  expiresAt: i.expiresAt.toISOString(),
  createdAt: i.createdAt.toISOString(),
  ...(acceptUrl ? { acceptUrl } : {}),
});

export async function listInvitations({ ctx, input }: { ctx: Ctx; input: { projectId: string } }) {
  await authorize(ctx, input.projectId, "member.invite");
  const rows = await db.invitation.findMany({ where: { projectId: input.projectId }, orderBy: { createdAt: "desc" }, take: 100 });
  return rows.map((i) => toInvitation(i));
}

/** Returns the accept link once; only its hash is stored. */
export async function createInvitation({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }) {
  await authorize(ctx, input.projectId, "member.invite");
  const data = parseInput(ZInvitationCreate, input.data);
  const token = randomToken();
  return db.$transaction(async (tx) => {
    // Sent with an API token: it speaks for the token's chain, and a token revoked meanwhile cannot send it.
    const sender = ctx.actor?.type === "token" ? await lockLiveToken(tx, ctx.actor.tokenId) : null;
    const existing = await tx.membership.findFirst({ where: { projectId: input.projectId, user: { email: data.email } } });
    if (existing) throw new ConflictError(`${data.email} is already a member`, "already_member");
    // A new invitation replaces any pending one for the same address.
    await tx.invitation.updateMany({ where: { projectId: input.projectId, email: data.email, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    const invitation = await tx.invitation.create({
      data: {
        projectId: input.projectId,
        email: data.email,
        role: data.role,
        tokenHash: sha256(token),
        invitedById: sender ? sender.createdById : ctx.actor?.type === "user" ? ctx.actor.userId : null,
        invitedByTokenId: sender?.id ?? null,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
      },
    });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "member.invite", objectType: "invitation", objectId: invitation.id, after: { email: data.email, role: data.role } });
    return toInvitation(invitation, new URL(`/invite/${token}`, env.NEXTAUTH_URL).toString());
  });
}

export async function revokeInvitation({ ctx, input }: { ctx: Ctx; input: { projectId: string; invitationId: string } }) {
  await authorize(ctx, input.projectId, "member.invite");
  return db.$transaction(async (tx) => {
    const before = await tx.invitation.findFirst({ where: { id: input.invitationId, projectId: input.projectId } });
    if (!before) throw new NotFoundError("Invitation");
    if (before.acceptedAt) throw new ConflictError("This invitation was already accepted", "already_accepted");
    const after = await tx.invitation.update({ where: { id: before.id }, data: { revokedAt: before.revokedAt ?? new Date() } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "member.invite.revoke", objectType: "invitation", objectId: before.id, before: { email: before.email, status: invitationStatus(before) }, after: { status: "revoked" } });
    return toInvitation(after);
  });
}

/** Public look-up for the accept page: who invited whom to what, without revealing the token's hash. */
export async function describeInvitation(token: string) {
  const invitation = await db.invitation.findUnique({ where: { tokenHash: sha256(token) }, include: { project: true } });
  if (!invitation) return null;
  const hasAccount = (await db.user.count({ where: { email: invitation.email } })) > 0;
  return { email: invitation.email, role: invitation.role, projectName: invitation.project.name, status: invitationStatus(invitation), hasAccount };
}

/**
 * Accepts an invitation. A signed-in user accepts for themselves (their email must match);
 * a new person sends name and password and gets an account.
 */
export async function acceptInvitation({ ctx, input }: { ctx: Ctx; input: unknown }) {
  const data = parseInput(ZInvitationAccept, input);
  // A public route: an unknown token must not cost a bcrypt hash (about 0.1 s of CPU) before it is refused.
  if (!(await db.invitation.count({ where: { tokenHash: sha256(data.token) } }))) throw new NotFoundError("Invitation");
  const passwordHash = data.password ? await hashPassword(data.password) : null;
  return db.$transaction(async (tx) => {
    const found = await tx.invitation.findUnique({ where: { tokenHash: sha256(data.token) } });
    if (!found) throw new NotFoundError("Invitation");
    // Claim it first with a conditional update: a concurrent accept waits on the row lock, then finds it taken.
    const claimed = await tx.invitation.updateMany({
      where: { id: found.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date() },
    });
    const invitation = claimed.count ? found : await tx.invitation.findUniqueOrThrow({ where: { id: found.id } });
    const status = invitationStatus(invitation);
    if (!claimed.count || status !== "pending") throw new UnprocessableError(`This invitation is ${status}; ask an admin for a new one`, `invitation_${status}`);
    let user = await tx.user.findUnique({ where: { email: invitation.email } });
    if (user) {
      if (ctx.actor?.type !== "user" || ctx.actor.userId !== user.id) {
        throw new UnprocessableError(`Sign in as ${invitation.email} to accept this invitation`, "sign_in_required");
      }
    } else {
      const missing = [!data.name && "name", !passwordHash && "password"].filter(Boolean) as string[];
      if (missing.length) throw new ValidationError(missing.map((path) => ({ path, rule: "required", message: "is required to create your account" })));
      user = await tx.user.create({ data: { email: invitation.email, name: data.name!, passwordHash } });
    }
    await tx.membership.upsert({
      where: { projectId_userId: { projectId: invitation.projectId, userId: user.id } },
      create: { projectId: invitation.projectId, userId: user.id, role: invitation.role },
      update: { role: invitation.role },
    });
    const actorCtx: Ctx = { actor: { type: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin }, requestId: ctx.requestId };
    await writeAudit(tx, actorCtx, { projectId: invitation.projectId, action: "member.join", objectType: "member", objectId: user.id, after: { email: user.email, role: invitation.role } });
    return { projectId: invitation.projectId, email: user.email, role: invitation.role };
  });
}
