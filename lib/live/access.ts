import { db } from "../db";
import { redis, redisKey } from "../redis";
import { can } from "../auth/permissions";
import { projectRole, type Ctx } from "../auth/context";
import { loadSessionUser } from "../auth/users";
import { AppError } from "../errors";
import { log } from "../observability/log";
import { actorKey } from "./slots";

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

const EXPIRED = "This API token has expired";

/** Re-reads the caller (user row and membership, or token row) as a fresh request would. */
export async function checkStreamAccess(ctx: Ctx, projectId: string): Promise<AccessCheck> {
  try {
    return await readStreamAccess(ctx, projectId);
  } catch (error) {
    return unanswered(projectId, error);
  }
}

// The database did not answer: keep the stream; the next check decides.
function unanswered(projectId: string, error: unknown): AccessCheck {
  log.warn("live.access_check_failed", { projectId, error: (error as Error).message });
  return { ok: true, expiresAt: null };
}

/** Throws only when the database does not answer. */
async function readStreamAccess(ctx: Ctx, projectId: string): Promise<AccessCheck> {
  const actor = ctx.actor;
  if (!actor || actor.type === "system") return { ok: true, expiresAt: null };
  try {
    if (actor.type === "token") {
      const token = await db.apiToken.findUnique({ where: { id: actor.tokenId } });
      if (!token || token.revokedAt) return { ok: false, reason: "This API token was revoked" };
      if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) return { ok: false, reason: EXPIRED };
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
    throw error;
  }
}

// Streams of one caller re-check together (a wall of dashboards opening at once, or every stream after an
// announcement): one read serves the checks that start within SHARE_MS of it. An announcement for the project drops it
// (forgetSharedAccess), so no stream is answered from a read older than a change this process has heard of.
const SHARE_MS = 5000;
type SharedRead = { at: number; read: Promise<AccessCheck> };
const globalForAccess = globalThis as unknown as { tminusLiveAccess?: Map<string, Map<string, SharedRead>> };
const sharedReads = () => (globalForAccess.tminusLiveAccess ??= new Map());

/** Called by the bus when access in the project changed, or for every project when announcements may have been lost. */
export function forgetSharedAccess(projectId?: string) {
  if (projectId === undefined) sharedReads().clear();
  else sharedReads().delete(projectId);
}

/** checkStreamAccess, sharing one fresh read between the caller's concurrent checks of the project. */
export async function sharedStreamAccess(ctx: Ctx, projectId: string): Promise<AccessCheck> {
  const key = actorKey(ctx.actor);
  if (!key) return checkStreamAccess(ctx, projectId);
  const reads = sharedReads();
  const byActor = reads.get(projectId) ?? new Map<string, SharedRead>();
  reads.set(projectId, byActor);
  let shared = byActor.get(key);
  if (!shared || Date.now() - shared.at > SHARE_MS) {
    const started: SharedRead = { at: Date.now(), read: readStreamAccess(ctx, projectId) };
    const forget = () => {
      if (byActor.get(key) === started) byActor.delete(key);
      if (!byActor.size && reads.get(projectId) === byActor) reads.delete(projectId);
    };
    // A refusal is not shared onwards: a caller let back in (not announced) must not be refused from memory.
    started.read.then((check) => (check.ok ? undefined : forget()), forget);
    setTimeout(forget, SHARE_MS).unref();
    byActor.set(key, (shared = started));
  }
  try {
    const check = await shared.read;
    // A shared answer may outlive the token's expiry; the expiry itself needs no read.
    if (check.ok && check.expiresAt && check.expiresAt.getTime() <= Date.now()) return { ok: false, reason: EXPIRED };
    return check;
  } catch (error) {
    return unanswered(projectId, error);
  }
}
