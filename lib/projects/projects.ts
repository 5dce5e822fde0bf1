import { seedRunbookTemplates } from "../runbooks/pages";
import { deleteCheckData } from "../monitoring/checks";
import type { Role } from "@prisma/client";
import { db } from "../db";
import { authorize, projectRole, requireActor, requireUser, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { ConflictError, NotFoundError, parseInput } from "../errors";
import { ZProjectCreate, ZProjectUpdate, slugify, type TProject } from "./schemas";
import { assertMayCreateProjects } from "../settings/instance";

type Row = { id: string; slug: string; name: string; description: string; createdAt: Date; _count: { targets: number } };
const toProject = (p: Row, role: Role): TProject => ({
  id: p.id,
  slug: p.slug,
  name: p.name,
  description: p.description,
  role,
  targetCount: p._count.targets,
  createdAt: p.createdAt.toISOString(),
});
const withCount = { _count: { select: { targets: true } } } as const;

export async function listProjects({ ctx }: { ctx: Ctx }): Promise<TProject[]> {
  const actor = requireActor(ctx);
  if (actor.type === "token") {
    const p = await db.project.findUnique({ where: { id: actor.projectId }, include: withCount });
    return p ? [toProject(p, actor.role)] : [];
  }
  if (actor.type === "system" || actor.isInstanceAdmin) {
    const memberships =
      actor.type === "user" ? await db.membership.findMany({ where: { userId: actor.userId } }) : [];
    const roles = new Map(memberships.map((m) => [m.projectId, m.role]));
    const all = await db.project.findMany({ include: withCount, orderBy: { name: "asc" } });
    return all.map((p) => toProject(p, roles.get(p.id) ?? "admin"));
  }
  const memberships = await db.membership.findMany({
    where: { userId: actor.userId },
    include: { project: { include: withCount } },
    orderBy: { project: { name: "asc" } },
  });
  return memberships.map((m) => toProject(m.project, m.role));
}

export async function getProject({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<TProject> {
  const role = await authorize(ctx, input.projectId, "project.read");
  const p = await db.project.findUnique({ where: { id: input.projectId }, include: withCount });
  if (!p) throw new NotFoundError("Project");
  return toProject(p, role);
}

/** Accepts a project id or slug, for friendly URLs. An exact id always wins, so no slug can shadow a project. */
export async function resolveProjectId(ctx: Ctx, idOrSlug: string): Promise<string> {
  const p =
    (await db.project.findUnique({ where: { id: idOrSlug }, select: { id: true } })) ??
    (await db.project.findUnique({ where: { slug: idOrSlug }, select: { id: true } }));
  if (!p) throw new NotFoundError("Project");
  await projectRole(ctx, p.id);
  return p.id;
}

export async function createProject({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<TProject> {
  const user = requireUser(ctx);
  await assertMayCreateProjects(user);
  const data = parseInput(ZProjectCreate, input);
  const slug = data.slug ?? slugify(data.name);
  return db.$transaction(async (tx) => {
    if (await tx.project.findUnique({ where: { slug } })) {
      throw new ConflictError(`A project with the slug "${slug}" exists; choose another name or slug`, "slug_taken");
    }
    const project = await tx.project.create({
      data: { name: data.name, slug, description: data.description, memberships: { create: { userId: user.userId, role: "admin" } } },
      include: withCount,
    });
    // New projects start with the runbook pages an SOP needs, their specifics left as prompts.
    await seedRunbookTemplates(tx, project.id, user.userId);
    await writeAudit(tx, ctx, {
      projectId: project.id,
      action: "project.create",
      objectType: "project",
      objectId: project.id,
      after: { name: project.name, slug: project.slug, description: project.description },
    });
    return toProject(project, "admin");
  });
}

export async function updateProject({ ctx, input }: { ctx: Ctx; input: { projectId: string; patch: unknown } }) {
  const role = await authorize(ctx, input.projectId, "project.update");
  const patch = parseInput(ZProjectUpdate, input.patch);
  return db.$transaction(async (tx) => {
    const before = await tx.project.findUnique({ where: { id: input.projectId } });
    if (!before) throw new NotFoundError("Project");
    if (patch.slug && patch.slug !== before.slug && (await tx.project.findUnique({ where: { slug: patch.slug } }))) {
      throw new ConflictError(`The slug "${patch.slug}" is taken`, "slug_taken");
    }
    const after = await tx.project.update({ where: { id: input.projectId }, data: patch, include: withCount });
    await writeAudit(tx, ctx, {
      projectId: after.id,
      action: "project.update",
      objectType: "project",
      objectId: after.id,
      before: { name: before.name, slug: before.slug, description: before.description },
      after: { name: after.name, slug: after.slug, description: after.description },
    });
    return toProject(after, role);
  });
}

export async function deleteProject({ ctx, input }: { ctx: Ctx; input: { projectId: string } }) {
  await authorize(ctx, input.projectId, "project.delete");
  await db.$transaction(async (tx) => {
    const before = await tx.project.findUnique({ where: { id: input.projectId } });
    if (!before) throw new NotFoundError("Project");
    await deleteCheckData(tx, (await tx.check.findMany({ where: { projectId: input.projectId }, select: { id: true } })).map((c) => c.id));
    await tx.project.delete({ where: { id: input.projectId } });
    await writeAudit(tx, ctx, {
      projectId: before.id,
      action: "project.delete",
      objectType: "project",
      objectId: before.id,
      before: { name: before.name, slug: before.slug },
    });
  });
  return { deleted: true };
}
