import { z } from "zod";
import type { ApiToken, Role } from "@prisma/client";
import { db, type Tx } from "../db";
import { authorize, type Actor, type Ctx } from "../auth/context";
import { roleAtLeast } from "../auth/permissions";
import { writeAudit } from "../audit/write";
import { randomToken, sha256 } from "../crypto/secrets";
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError, parseInput } from "../errors";
import { ZRole } from "../members/schemas";
import { announceAccessChange } from "../live/access";
import { revokePendingInvitations } from "../members/revoke-invitations";

export const TOKEN_PREFIX = "tmn_";
export const ZTokenCreate = z.object({
  name: z.string().trim().min(1, "is required").max(60, "must be at most 60 characters"),
  role: ZRole.default("viewer"),
  expiresInDays: z
    .number("must be a whole number of days")
    .int("must be a whole number of days")
    .min(1, "must be at least 1 day")
    .max(365, "must be at most 365 days")
    .nullable()
    .default(null)
    .describe("days until the token stops working; null for no expiry"),
});
export const ZApiToken = z.object({
  id: z.string(),
  name: z.string(),
  role: ZRole,
  prefix: z.string().describe("first characters of the token, to recognise it"),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
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
  expiresAt: t.expiresAt?.toISOString() ?? null,
  createdAt: t.createdAt.toISOString(),
  ...(token ? { token } : {}),
});

export async function listTokens({ ctx, input }: { ctx: Ctx; input: { projectId: string } }) {
  await authorize(ctx, input.projectId, "token.read");
  const rows = await db.apiToken.findMany({ where: { projectId: input.projectId }, orderBy: { createdAt: "desc" } });
  return rows.map((t) => toToken(t));
}

/**
 * A token minted by a token joins its chain: it keeps the chain's root user as creator (so that person's demotion or
 * removal reaches it) and cannot outlive the token that made it.
 */
export async function createToken({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }) {
  const callerRole = await authorize(ctx, input.projectId, "token.create");
  const data = parseInput(ZTokenCreate, input.data);
  if (!roleAtLeast(callerRole, data.role)) throw new ForbiddenError("A token cannot have a higher role than its creator");
  const expiresAt = data.expiresInDays ? new Date(Date.now() + data.expiresInDays * 86_400_000) : null;
  const token = TOKEN_PREFIX + randomToken(32);
  return db.$transaction(async (tx) => {
    // Locked, so a revocation of the parent either sees this child in its descendant walk or wins and refuses it.
    const parent = ctx.actor?.type === "token" ? await lockLiveToken(tx, ctx.actor.tokenId) : null;
    if (parent?.expiresAt && (!expiresAt || expiresAt > parent.expiresAt)) {
      const message = `must end by ${parent.expiresAt.toISOString()}, when the token creating it expires`;
      throw new ValidationError([{ path: "expiresInDays", rule: "parent_expiry", message }]);
    }
    const row = await tx.apiToken.create({
      data: {
        projectId: input.projectId,
        name: data.name,
        role: data.role,
        prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        tokenHash: sha256(token),
        createdById: parent ? parent.createdById : ctx.actor?.type === "user" ? ctx.actor.userId : null,
        createdByTokenId: parent?.id ?? null,
        expiresAt,
      },
    });
    await writeAudit(tx, ctx, {
      projectId: input.projectId,
      action: "token.create",
      objectType: "api_token",
      objectId: row.id,
      after: { name: row.name, role: row.role, prefix: row.prefix, expiresAt: row.expiresAt?.toISOString() ?? null },
    });
    return toToken(row, token);
  });
}

/** Revokes the given tokens and every token minted from them, each audited, in the caller's transaction. */
async function revokeWithDescendants(tx: Tx, ctx: Ctx, projectId: string, roots: ApiToken[], reason: string | null) {
  let layer = roots;
  const seen = new Set<string>();
  while (layer.length) {
    for (const token of layer.filter((t) => !seen.has(t.id))) {
      seen.add(token.id);
      if (token.revokedAt) continue;
      await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
      const why = roots.includes(token) ? reason : "the token that created it was revoked";
      await writeAudit(tx, ctx, {
        projectId,
        action: "token.revoke",
        objectType: "api_token",
        objectId: token.id,
        before: { name: token.name, role: token.role, revoked: false },
        after: { revoked: true, ...(why ? { reason: why } : {}) },
      });
    }
    layer = await tx.apiToken.findMany({ where: { projectId, createdByTokenId: { in: layer.map((t) => t.id) } } });
  }
  await revokePendingInvitations(tx, ctx, { projectId, sentBy: { invitedByTokenId: { in: [...seen] } }, reason: "the API token that sent it was revoked" });
}

/**
 * The acting token's row, locked for the rest of the transaction, refused if it was revoked or expired since the
 * request was authenticated: what it creates must not escape a revocation running at the same time.
 */
export async function lockLiveToken(tx: Tx, tokenId: string): Promise<ApiToken> {
  await tx.$queryRaw`SELECT id FROM "ApiToken" WHERE id = ${tokenId} FOR UPDATE`;
  const token = await tx.apiToken.findUnique({ where: { id: tokenId } });
  if (!token || token.revokedAt) throw new UnauthenticatedError("The API token is invalid or revoked");
  if (token.expiresAt && token.expiresAt <= new Date()) throw new UnauthenticatedError("This API token has expired; ask a project admin for a new one");
  return token;
}

export async function revokeToken({ ctx, input }: { ctx: Ctx; input: { projectId: string; tokenId: string } }) {
  await authorize(ctx, input.projectId, "token.revoke");
  return db.$transaction(async (tx) => {
    const before = await tx.apiToken.findFirst({ where: { id: input.tokenId, projectId: input.projectId } });
    if (!before) throw new NotFoundError("API token");
    if (before.revokedAt) {
      // Revoking again changes nothing but is still recorded, as before; descendants were revoked the first time.
      await writeAudit(tx, ctx, { projectId: input.projectId, action: "token.revoke", objectType: "api_token", objectId: before.id, before: { name: before.name, revoked: true }, after: { revoked: true } });
    } else {
      await revokeWithDescendants(tx, ctx, input.projectId, [before], null);
    }
    return toToken(await tx.apiToken.findUniqueOrThrow({ where: { id: before.id } }));
  }).finally(() => announceAccessChange(input.projectId));
}

/**
 * Resolves a bearer token to an actor; last-used time is updated at most once a minute to spare writes. An expired
 * token is refused with its own message, so a CI job's log says why it stopped working.
 */
const touching = new Map<string, Promise<unknown>>();

export async function authenticateToken(token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: sha256(token) } });
  if (!row || row.revokedAt) return null;
  if (row.expiresAt && row.expiresAt <= new Date()) {
    throw new UnauthenticatedError(`This API token expired on ${row.expiresAt.toISOString()}; ask a project admin for a new one`);
  }
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    // Many requests of one token at once (a wall of dashboards connecting) share one write instead of queuing N.
    let touch = touching.get(row.id);
    if (!touch) {
      touch = db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).finally(() => touching.delete(row.id));
      touching.set(row.id, touch);
    }
    await touch;
  }
  return { type: "token", tokenId: row.id, projectId: row.projectId, role: row.role, name: row.name };
}

/**
 * A token never outranks the person at the root of its chain: when they leave the project or lose a role, every
 * token of theirs above the new role, and everything minted from those, is revoked in the same transaction.
 */
export async function revokeTokensAboveRole(tx: Tx, ctx: Ctx, input: { projectId: string; userId: string; role: Role | null; reason: string }) {
  const tokens = await tx.apiToken.findMany({ where: { projectId: input.projectId, createdById: input.userId, revokedAt: null } });
  const above = tokens.filter((t) => input.role === null || !roleAtLeast(input.role, t.role));
  await revokeWithDescendants(tx, ctx, input.projectId, above, input.reason);
}
