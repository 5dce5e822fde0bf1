import { db } from "../db";
import { redis, redisKey } from "../redis";
import { can } from "../auth/permissions";
import { projectRole, type Ctx } from "../auth/context";
import { loadSessionUser } from "../auth/users";
import { AppError } from "../errors";
import { log } from "../observability/log";

export const accessChannel = (projectId: string) => redisKey("access", projectId);
export const ACCESS_PATTERN = () => redisKey("access", "*");

/**
 * Tells every open stream of the project, in every web process, to re-check its caller's access. Call it after the
 * transaction that removed a member, changed a role or revoked a token commits; it never throws (streams also re-check
 * on a timer).
 */
export async function announceAccessChange(projectId: string) {
  try {
    await redis().publish(accessChannel(projectId), "changed");
  } catch (error) {
    log.warn("live.access_announce_failed", { projectId, error: (error as Error).message });
  }
}

export type AccessCheck = { ok: true; expiresAt: Date | null } | { ok: false; reason: string };

/** Re-reads the caller (user row and membership, or token row) as a fresh request would. */
export async function checkStreamAccess(ctx: Ctx, projectId: string): Promise<AccessCheck> {
  const actor = ctx.actor;
  if (!actor || actor.type === "system") return { ok: true, expiresAt: null };
  try {
    if (actor.type === "token") {
      const token = await db.apiToken.findUnique({ where: { id: actor.tokenId } });
      if (!token || token.revokedAt) return { ok: false, reason: "This API token was revoked" };
      if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) return { ok: false, reason: "This API token has expired" };
      if (token.projectId !== projectId || !can(token.role, "live.subscribe")) return { ok: false, reason: "This API token no longer has access to the project" };
      return { ok: true, expiresAt: token.expiresAt };
    }
    const user = await loadSessionUser(actor.userId);
    if (!user) return { ok: false, reason: "Your account no longer exists" };
    const role = await projectRole({ actor: { type: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin } }, projectId);
    if (!can(role, "live.subscribe")) return { ok: false, reason: "Your role no longer allows following this project" };
    return { ok: true, expiresAt: null };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, reason: "You no longer have access to this project" };
    // The database did not answer: keep the stream; the next check decides.
    log.warn("live.access_check_failed", { projectId, error: (error as Error).message });
    return { ok: true, expiresAt: null };
  }
}
