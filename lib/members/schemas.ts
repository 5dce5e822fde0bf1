import { z } from "zod";
import { ZEmail, ZName, ZPassword } from "../auth/schemas";

export const ZRole = z.enum(["viewer", "member", "approver", "admin"]);
export const ZInvitationCreate = z.object({ email: ZEmail, role: ZRole.default("member") });
export const ZMemberUpdate = z.object({ role: ZRole });
export const ZInvitationAccept = z.object({ token: z.string().min(20, "is not a valid invitation token").max(200), name: ZName.optional(), password: ZPassword.optional() });

export const ZMember = z.object({ userId: z.string(), email: z.string(), name: z.string(), role: ZRole, joinedAt: z.string() });
export const ZInvitation = z.object({
  id: z.string(),
  email: z.string(),
  role: ZRole,
  status: z.enum(["pending", "accepted", "revoked", "expired"]),
  expiresAt: z.string(),
  createdAt: z.string(),
  acceptUrl: z.string().optional().describe("returned once, when the invitation is created"),
});
