import type { Role } from "@prisma/client";
import { db } from "../db";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "../errors";
import { ROLES, can, type Action } from "./permissions";

// One actor type for every caller (STYLE.md), so verbs and the audit log treat pages, API and workers alike.
export type Actor =
  | { type: "user"; userId: string; email: string; name: string; isInstanceAdmin: boolean }
  | { type: "token"; tokenId: string; projectId: string; role: Role; name: string }
  | { type: "system"; job: string };

/**
 * `roles` memoises a user's project roles for one request only (the handler makes a fresh map per request), so finding
 * the project and then authorising the verb read the membership once. Long-lived callers (streams re-checking access)
 * build a new Ctx each time and always read afresh.
 */
export type Ctx = { actor: Actor | null; requestId?: string; roles?: Map<string, Role> };

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
  const known = ctx.roles?.get(projectId);
  if (known) return known;
  const membership = await db.membership.findUnique({
    where: { projectId_userId: { projectId, userId: actor.userId } },
    select: { role: true },
  });
  const role = membership?.role ?? (actor.isInstanceAdmin && (await db.project.count({ where: { id: projectId } })) ? "admin" : null);
  if (!role) throw new NotFoundError("Project");
  ctx.roles?.set(projectId, role);
  return role;
}

// What each action does, finishing "Viewers cannot …", for refusals written for people.
const DOING: Record<Action, string> = {
  "project.read": "open this project",
  "project.update": "change this project's name, slug or description",
  "project.delete": "delete this project",
  "target.read": "see this project's targets",
  "target.create": "create targets in this project",
  "target.update": "change targets in this project",
  "target.delete": "delete targets in this project",
  "target.test": "run connection tests in this project",
  "member.read": "see this project's members",
  "member.invite": "invite people to this project or manage its invitations",
  "member.update": "change members' roles in this project",
  "member.remove": "remove members from this project",
  "token.read": "see this project's API tokens",
  "token.create": "create API tokens for this project",
  "token.revoke": "revoke API tokens of this project",
  "audit.read": "read this project's audit log",
  "live.subscribe": "follow this project's live updates",
  "release.read": "read this project's releases",
  "release.create": "create releases in this project",
  "release.update": "change releases in this project",
  "deployment.read": "see this project's deployments",
  "deployment.request": "request deployments in this project",
  "deployment.approve": "approve or reject deployments in this project",
  "deployment.cancel": "cancel deployments in this project",
  "deployment.rollback": "roll back targets in this project",
  "deployment.override": "override locks, freeze windows or approvals in this project",
  "target.lock": "lock or unlock targets in this project",
  "freeze.manage": "manage freeze windows in this project",
  "notification.manage": "manage this project's notification channels",
  "check.read": "see this project's uptime checks, results and incidents",
  "check.manage": "create, change or delete uptime checks in this project",
  "incident.respond": "acknowledge or annotate incidents in this project",
  "maintenance.manage": "manage maintenance windows in this project",
  "launch.read": "see this project's launches and checklists",
  "launch.manage": "start launches or change the shape of their checklists and templates in this project",
  "checklist.work": "work on checklist items in this project",
  "checklist.signoff": "sign off or waive checklist items in this project",
  "launch.decide": "move a launch to its next stage in this project",
  "launch.override": "move a launch on while it is no-go in this project",
  "qa.read": "see QA runs in this project",
  "qa.run": "start or cancel QA runs or change QA profiles in this project",
  "qa.production_load": "load-test a production target in this project (ask an approver)",
  "feedback.read": "see this project's feedback",
  "feedback.submit": "file feedback items through the API in this project",
  "feedback.vote": "vote on feedback in this project",
  "feedback.triage": "triage feedback in this project",
  "feedback.manage": "change this project's feedback intake settings",
  "runbook.read": "read this project's runbooks",
  "runbook.write": "write or review runbook pages in this project",
  "runbook.delete": "delete runbook pages in this project",
  "roadmap.read": "see this project's roadmap",
  "roadmap.write": "change this project's roadmap",
  "handoff.export": "export this project's handoff pack",
};
const PLURAL: Record<Role, string> = { viewer: "Viewers", member: "Members", approver: "Approvers", admin: "Admins" };

export function forbiddenMessage(actor: Actor, role: Role, action: Action): string {
  const needed = ROLES.find((r) => can(r, action)) ?? "admin";
  if (actor.type === "token") {
    return `API tokens with the ${role} role cannot ${DOING[action]}. Use a token with the ${needed} role (a project admin can create one).`;
  }
  return `${PLURAL[role]} cannot ${DOING[action]}. Ask a project admin for the ${needed} role.`;
}

export async function authorize(ctx: Ctx, projectId: string, action: Action): Promise<Role> {
  const role = await projectRole(ctx, projectId);
  if (!can(role, action)) throw new ForbiddenError(forbiddenMessage(requireActor(ctx), role, action));
  return role;
}
