import type { Prisma } from "@prisma/client";
import type { Tx } from "../db";
import type { Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";

/**
 * Pending invitations speak for whoever sent them: they end, each audited, when that person can no longer invite or
 * the API token that sent them is revoked. Shared by member and token verbs (which import each other's work).
 */
export async function revokePendingInvitations(
  tx: Tx,
  ctx: Ctx,
  input: { projectId: string; sentBy: Pick<Prisma.InvitationWhereInput, "invitedById" | "invitedByTokenId">; reason: string },
) {
  const pending = await tx.invitation.findMany({
    where: { projectId: input.projectId, ...input.sentBy, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
  });
  for (const invitation of pending) {
    await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: new Date() } });
    await writeAudit(tx, ctx, {
      projectId: input.projectId,
      action: "member.invite.revoke",
      objectType: "invitation",
      objectId: invitation.id,
      before: { email: invitation.email, status: "pending" },
      after: { status: "revoked", reason: input.reason },
    });
  }
}
