import type { Prisma } from "@prisma/client";
import { db, type Tx } from "../db";
import { actorLabel, authorize, requireActor, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { ConflictError, ForbiddenError, ValidationError, parseInput } from "../errors";
import { relayAfterCommit } from "../jobs/enqueue";
import { publishEvents, recordEvent, type LiveEvent } from "../live/events";
import { notifyInTx } from "../notifications/notify";
import { env } from "../env";
import { can } from "../auth/permissions";
import { LAUNCH_STAGES, STAGE_LABELS, ZLaunchCreate, ZLaunchUpdate, ZStageMove, ZExportQuery, type TDecision, type TLaunch, type TLaunchDetail } from "./schemas";
import { findLaunch, launchDetail, readinessOf, toDecision, toLaunch } from "./view";
import { instantiateTemplate, templateBody } from "./templates";
import { checklistCsv, checklistMarkdown } from "./export";
import { refreshBindings } from "./bindings";
import "./sources";

// Launches: one per push to market, at most one active per project. Each stage move is a go/no-go decision recorded
// with the readiness at that moment.

export type LaunchEffects = { jobs: string[]; events: LiveEvent[] };
export const newEffects = (): LaunchEffects => ({ jobs: [], events: [] });
export async function flushEffects(fx: LaunchEffects) {
  if (fx.jobs.length) await relayAfterCommit(fx.jobs);
  if (fx.events.length) await publishEvents(fx.events);
}

export const launchLink = (projectId: string, path = "") => `${env.NEXTAUTH_URL.replace(/\/+$/, "")}/projects/${projectId}/launch${path}`;

export async function launchChanged(tx: Tx, fx: LaunchEffects, projectId: string, launchId: string, itemId?: string) {
  fx.events.push(await recordEvent(tx, projectId, "launch.updated", itemId ? { launchId, itemId } : { launchId }));
}

export async function listLaunches({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<TLaunch[]> {
  await authorize(ctx, input.projectId, "launch.read");
  const launches = await db.launch.findMany({ where: { projectId: input.projectId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  const now = new Date();
  return Promise.all(launches.map(async (l) => toLaunch(l, await readinessOf(db, l.id, now))));
}

export async function getActiveLaunch({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<TLaunchDetail | null> {
  await authorize(ctx, input.projectId, "launch.read");
  const launch = await db.launch.findFirst({ where: { projectId: input.projectId, archivedAt: null } });
  return launch ? launchDetail(db, launch) : null;
}

export async function getLaunch({ ctx, input }: { ctx: Ctx; input: { projectId: string; launchId: string } }): Promise<TLaunchDetail> {
  await authorize(ctx, input.projectId, "launch.read");
  return launchDetail(db, await findLaunch(db, input.projectId, input.launchId));
}

export async function createLaunch({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TLaunchDetail> {
  await authorize(ctx, input.projectId, "launch.manage");
  const data = parseInput(ZLaunchCreate, input.data);
  const by = actorLabel(requireActor(ctx));
  const fx = newEffects();
  let launchId: string;
  try {
    launchId = await db.$transaction(async (tx) => {
      const active = await tx.launch.findFirst({ where: { projectId: input.projectId, archivedAt: null }, select: { id: true, name: true, stage: true } });
      if (active && !data.replaceActive) throw new ConflictError(`"${active.name}" is this project's active launch. Archive it before starting another (or send replaceActive: true).`, "launch_active");
      if (active) {
        await tx.launch.update({ where: { id: active.id }, data: { archivedAt: new Date() } });
        await writeAudit(tx, ctx, { projectId: input.projectId, action: "launch.archive", objectType: "launch", objectId: active.id, after: { name: active.name, stage: active.stage, replacedBy: data.name } });
      }
      const template = data.templateId ? await templateBody(tx, input.projectId, data.templateId) : null;
      if (data.templateId && !template) throw new ValidationError([{ path: "templateId", rule: "not_found", message: `is not a template of this project (use "phase-5" for the built-in one)` }]);
      const launch = await tx.launch.create({
        data: { projectId: input.projectId, name: data.name, targetDate: data.targetDate ? new Date(data.targetDate) : null, templateName: template?.name ?? "", createdBy: by },
      });
      const made = template ? await instantiateTemplate(tx, { projectId: input.projectId, launchId: launch.id, body: template.body, actor: by }) : { items: 0, notes: [] };
      await writeAudit(tx, ctx, { projectId: input.projectId, action: "launch.create", objectType: "launch", objectId: launch.id, after: { name: launch.name, template: launch.templateName, items: made.items } });
      await launchChanged(tx, fx, input.projectId, launch.id);
      return launch.id;
    });
  } catch (error) {
    // Two starts racing: the partial unique index lets one win; the other learns which launch is active.
    if ((error as { code?: string }).code === "P2002") throw new ConflictError("Another launch was started in this project a moment ago. Archive it before starting another.", "launch_active");
    throw error;
  }
  await flushEffects(fx);
  // Automated items are measured at once, so the new checklist shows what is already true.
  await refreshBindings(input.projectId);
  return launchDetail(db, await findLaunch(db, input.projectId, launchId));
}

export async function updateLaunch({ ctx, input }: { ctx: Ctx; input: { projectId: string; launchId: string; patch: unknown } }): Promise<TLaunch> {
  await authorize(ctx, input.projectId, "launch.manage");
  const patch = parseInput(ZLaunchUpdate, input.patch);
  const fx = newEffects();
  const launch = await db.$transaction(async (tx) => {
    const before = await findLaunch(tx, input.projectId, input.launchId);
    const after = await tx.launch.update({
      where: { id: before.id },
      data: { name: patch.name, targetDate: patch.targetDate === undefined ? undefined : patch.targetDate ? new Date(patch.targetDate) : null },
    });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "launch.update", objectType: "launch", objectId: before.id, before: { name: before.name, targetDate: before.targetDate }, after: { name: after.name, targetDate: after.targetDate } });
    await launchChanged(tx, fx, input.projectId, before.id);
    return after;
  });
  await flushEffects(fx);
  return toLaunch(launch, await readinessOf(db, launch.id));
}

export async function archiveLaunch({ ctx, input }: { ctx: Ctx; input: { projectId: string; launchId: string } }): Promise<TLaunch> {
  await authorize(ctx, input.projectId, "launch.manage");
  const fx = newEffects();
  const launch = await db.$transaction(async (tx) => {
    const before = await findLaunch(tx, input.projectId, input.launchId);
    if (before.archivedAt) throw new ConflictError(`"${before.name}" is already archived.`);
    const after = await tx.launch.update({ where: { id: before.id }, data: { archivedAt: new Date() } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "launch.archive", objectType: "launch", objectId: before.id, after: { name: before.name, stage: before.stage } });
    await launchChanged(tx, fx, input.projectId, before.id);
    return after;
  });
  await flushEffects(fx);
  return toLaunch(launch, await readinessOf(db, launch.id));
}

const stageIndex = (s: (typeof LAUNCH_STAGES)[number]) => LAUNCH_STAGES.indexOf(s);

/**
 * Moves a launch to another stage. Moving forward while readiness says no-go needs an admin's override with a reason;
 * moving back (a launch pulled) is always allowed. Either way the decision is recorded with the readiness snapshot.
 */
export async function moveStage({ ctx, input }: { ctx: Ctx; input: { projectId: string; launchId: string; data: unknown } }): Promise<TDecision> {
  const role = await authorize(ctx, input.projectId, "launch.decide");
  const data = parseInput(ZStageMove, input.data);
  const by = actorLabel(requireActor(ctx));
  const fx = newEffects();
  const decision = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Launch" WHERE id = ${input.launchId} AND "projectId" = ${input.projectId} FOR UPDATE`;
    const launch = await findLaunch(tx, input.projectId, input.launchId);
    if (launch.archivedAt) throw new ConflictError(`"${launch.name}" is archived; its stage no longer moves.`);
    if (launch.stage === data.stage) throw new ValidationError([{ path: "stage", rule: "changed", message: `is already ${STAGE_LABELS[data.stage]}` }]);
    const readiness = await readinessOf(tx, launch.id);
    const forward = stageIndex(data.stage) > stageIndex(launch.stage);
    let overridden = false;
    if (forward && !readiness.go) {
      if (!data.override) {
        throw new ConflictError(
          `${readiness.verdict} ${can(role, "launch.override") ? "Finish or waive the items holding it, or override with a reason." : "Finish or waive the items holding it; only an admin can override."}`,
          "launch_no_go",
          readiness.holding.map((h) => ({ path: "stage", rule: "no_go", message: `${h.ref} ${h.title}: ${h.problem}` })),
        );
      }
      if (!can(role, "launch.override")) throw new ForbiddenError(`Only admins can move a launch on while it is no-go. ${readiness.verdict}`);
      overridden = true;
    }
    const snapshot = { score: readiness.score, verdict: readiness.verdict, holding: readiness.holding, sections: readiness.sections, counts: readiness.counts };
    const row = await tx.launchDecision.create({
      data: {
        launchId: launch.id,
        fromStage: launch.stage,
        toStage: data.stage,
        go: readiness.go,
        overridden,
        readiness: snapshot as unknown as Prisma.InputJsonValue,
        notes: overridden ? `Override: ${data.override!.reason}${data.notes ? `\n\n${data.notes}` : ""}` : data.notes,
        decidedBy: by,
      },
    });
    await tx.launch.update({ where: { id: launch.id }, data: { stage: data.stage } });
    await writeAudit(tx, ctx, {
      projectId: input.projectId, action: overridden ? "launch.stage_override" : "launch.stage", objectType: "launch", objectId: launch.id,
      before: { stage: launch.stage }, after: { stage: data.stage, go: readiness.go, score: readiness.score, reason: data.override?.reason },
    });
    fx.jobs.push(
      ...(await notifyInTx(tx, input.projectId, "launch.stage_changed", {
        title: `${launch.name}: ${STAGE_LABELS[launch.stage]} → ${STAGE_LABELS[data.stage]}${overridden ? " (no-go overridden)" : ""}`,
        text: `${by} decided. ${readiness.verdict} Readiness ${readiness.score}%.${overridden ? ` Override reason: ${data.override!.reason}` : ""}${data.notes ? `\n${data.notes}` : ""}`,
        url: launchLink(input.projectId),
        severity: overridden ? "warning" : forward ? "success" : "info",
      })),
    );
    await launchChanged(tx, fx, input.projectId, launch.id);
    return row;
  });
  await flushEffects(fx);
  return toDecision(decision);
}

export async function exportLaunch({ ctx, input }: { ctx: Ctx; input: { projectId: string; launchId: string; query: unknown } }) {
  await authorize(ctx, input.projectId, "launch.read");
  const { format } = parseInput(ZExportQuery, input.query ?? {});
  const detail = await launchDetail(db, await findLaunch(db, input.projectId, input.launchId));
  return { format, text: format === "csv" ? checklistCsv(detail) : checklistMarkdown(detail) };
}
