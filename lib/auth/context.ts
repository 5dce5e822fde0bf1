import type { Role } from "@prisma/client";
import { db } from "../db";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "../errors";
import { can, type Action } from "./permissions";

// One actor type for every caller (STYLE.md), so verbs and the audit log treat pages, API and workers alike.
export type Actor =
  | { type: "user"; userId: string; email: string; name: string; isInstanceAdmin: boolean }
  | { type: "token"; tokenId: string; projectId: string; role: Role; name: string }
  | { type: "system"; job: string };

export type Ctx = { actor: Actor | null; requestId?: string };

export const systemCtx = (job: string, requestId?: string): Ctx => ({ actor: { type: "system", job }, requestId });

export function actorLabel(actor: Actor): string {
  if (actor.type === "user") return actor.email;
  if (actor.type === "token") return `token:${actor.name}`;
  return `system:${actor.job}`;
}

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new UnauthenticatedError();
  return ctx.actor;
}

export function requireUser(ctx: Ctx) {
  const actor = requireActor(ctx);
  if (actor.type !== "user") throw new ForbiddenError("This action needs a signed-in user, not an API token");
  return actor;
}

/** The caller's role in a project; non-members get 404 so project ids do not leak. */
export async function projectRole(ctx: Ctx, projectId: string): Promise<Role> {
  const actor = requireActor(ctx);
  if (actor.type === "system") return "admin";
  if (actor.type === "token") {
    if (actor.projectId !== projectId) throw new NotFoundError("Project");
    return actor.role;
  }
  const membership = await db.membership.findUnique({
    where: { projectId_userId: { projectId, userId: actor.userId } },
    select: { role: true },
  });
  if (membership) return membership.role;
  if (actor.isInstanceAdmin && (await db.project.count({ where: { id: projectId } }))) return "admin";
  throw new NotFoundError("Project");
}

export async function authorize(ctx: Ctx, projectId: string, action: Action): Promise<Role> {
  const role = await projectRole(ctx, projectId);
  if (!can(role, action)) throw new ForbiddenError(`Role "${role}" cannot ${action.replace(".", " ")}`);
  return role;
}
