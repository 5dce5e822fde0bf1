import { z } from "zod";
import type { ApiToken, Role } from "@prisma/client";
import { db, type Tx } from "../db";
import { authorize, type Actor, type Ctx } from "../auth/context";
import { roleAtLeast } from "../auth/permissions";
import { writeAudit } from "../audit/write";
import { randomToken, sha256 } from "../crypto/secrets";
import { ForbiddenError, NotFoundError, parseInput } from "../errors";
import { ZRole } from "../members/schemas";
import { announceAccessChange } from "../live/access";

export const TOKEN_PREFIX = "tmn_";
export const ZTokenCreate = z.object({ name: z.string().trim().min(1, "is required").max(60, "must be at most 60 characters"), role: ZRole.default("viewer") });
export const ZApiToken = z.object({
  id: z.string(),
  name: z.string(),
  role: ZRole,
  prefix: z.string().describe("first characters of the token, to recognise it"),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
  token: z.string().optional().describe("the secret token; returned once, at creation"),
});

const toToken = (t: ApiToken, token?: string) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  prefix: t.prefix,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
  createdAt: t.createdAt.toISOString(),
  ...(token ? { token } : {}),
});

export async function listTokens({ ctx, input }: { ctx: Ctx; input: { projectId: string } }) {
  await authorize(ctx, input.projectId, "token.read");
  const rows = await db.apiToken.findMany({ where: { projectId: input.projectId }, orderBy: { createdAt: "desc" } });
  return rows.map((t) => toToken(t));
}

export async function createToken({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }) {
  const callerRole = await authorize(ctx, input.projectId, "token.create");
  const data = parseInput(ZTokenCreate, input.data);
  if (!roleAtLeast(callerRole, data.role)) throw new ForbiddenError("A token cannot have a higher role than its creator");
  const token = TOKEN_PREFIX + randomToken(32);
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        projectId: input.projectId,
        name: data.name,
        role: data.role,
        prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        tokenHash: sha256(token),
        createdById: ctx.actor?.type === "user" ? ctx.actor.userId : null,
      },
    });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "token.create", objectType: "api_token", objectId: row.id, after: { name: row.name, role: row.role, prefix: row.prefix } });
    return toToken(row, token);
  });
}

export async function revokeToken({ ctx, input }: { ctx: Ctx; input: { projectId: string; tokenId: string } }) {
  await authorize(ctx, input.projectId, "token.revoke");
  return db.$transaction(async (tx) => {
    const before = await tx.apiToken.findFirst({ where: { id: input.tokenId, projectId: input.projectId } });
    if (!before) throw new NotFoundError("API token");
    const after = await tx.apiToken.update({ where: { id: before.id }, data: { revokedAt: before.revokedAt ?? new Date() } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "token.revoke", objectType: "api_token", objectId: before.id, before: { name: before.name, revoked: Boolean(before.revokedAt) }, after: { revoked: true } });
    return toToken(after);
  }).finally(() => announceAccessChange(input.projectId));
}

/** Resolves a bearer token to an actor; last-used time is updated at most once a minute to spare writes. */
export async function authenticateToken(token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: sha256(token) } });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { type: "token", tokenId: row.id, projectId: row.projectId, role: row.role, name: row.name };
}

/**
 * A token never outranks the person who made it: when they leave the project or lose a role, their tokens above
 * the new role are revoked in the same transaction (and audited), instead of living on with the old rights.
 */
export async function revokeTokensAboveRole(tx: Tx, ctx: Ctx, input: { projectId: string; userId: string; role: Role | null; reason: string }) {
  const tokens = await tx.apiToken.findMany({ where: { projectId: input.projectId, createdById: input.userId, revokedAt: null } });
  for (const token of tokens.filter((t) => input.role === null || !roleAtLeast(input.role, t.role))) {
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "token.revoke", objectType: "api_token", objectId: token.id, before: { name: token.name, role: token.role, revoked: false }, after: { revoked: true, reason: input.reason } });
  }
}
