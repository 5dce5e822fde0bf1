import { Prisma, type ChecklistItemStatus } from "@prisma/client";
import { db, type Tx } from "../db";
import { actorLabel, authorize, requireActor, requireUser, type Ctx } from "../auth/context";
import { can } from "../auth/permissions";
import { writeAudit } from "../audit/write";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, parseInput } from "../errors";
import { notifyInTx } from "../notifications/notify";
import { ZCommentCreate, ZEvidenceCreate, ZItemCreate, ZItemUpdate, ZSignOff, ZWaive, STATUS_LABELS, type TItem, type TItemDetail } from "./schemas";
import { bindingFromInput, bindingSources, refreshBindings } from "./bindings";
import { itemRef } from "./readiness";
import { findItem, findLaunch, itemDetail, itemInclude, toComment, toEvidence, toItem } from "./view";
import { flushEffects, launchChanged, launchLink, newEffects, type LaunchEffects } from "./launches";
import "./sources";

// Checklist items: members work them (status, assignee, evidence, comments), approvers sign them off and waive them,
// launch managers shape them. Every change leaves an activity line anyone in the project can read.

type Item = Awaited<ReturnType<typeof findItem>>;

async function activity(tx: Tx, itemId: string, actor: string, action: string, text: string) {
  await tx.checklistActivity.create({ data: { itemId, actor, action, text } });
}

/** Checks that a user id is a member of the project (owners and assignees must be). */
async function memberOf(tx: Tx, projectId: string, userId: string, path: string) {
  const m = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } }, include: { user: { select: { id: true, name: true, email: true } } } });
  if (!m) throw new ValidationError([{ path, rule: "member", message: "must be a member of this project" }]);
  return m.user;
}

async function notifyAssigned(tx: Tx, fx: LaunchEffects, item: Pick<Item, "projectId" | "id" | "number" | "title">, to: { name: string; email: string }, by: string) {
  fx.jobs.push(
    ...(await notifyInTx(tx, item.projectId, "checklist.assigned", {
      title: `${itemRef(item.number)} ${item.title} is assigned to ${to.name}`,
      text: `${by} assigned it to ${to.name} (${to.email}).`,
      url: launchLink(item.projectId, `/items/${item.id}`),
      severity: "info",
    })),
  );
}

const stillOpen = (item: Pick<Item, "launch">) => {
  if (item.launch.archivedAt) throw new ConflictError(`"${item.launch.name}" is archived; its checklist is read-only.`, "launch_archived");
};

export async function getItem({ ctx, input }: { ctx: Ctx; input: { projectId: string; itemId: string } }): Promise<TItemDetail> {
  await authorize(ctx, input.projectId, "launch.read");
  return itemDetail(db, input.projectId, input.itemId);
}

export async function listBindingKinds({ ctx, input }: { ctx: Ctx; input: { projectId: string } }) {
  await authorize(ctx, input.projectId, "launch.read");
  return bindingSources().map((s) => ({ kind: s.kind, label: s.label, description: s.description, params: s.params }));
}

async function reload(projectId: string, itemId: string): Promise<TItem> {
  const row = await db.checklistItem.findFirst({ where: { id: itemId, projectId }, include: itemInclude });
  if (!row) throw new NotFoundError("Checklist item");
  return toItem(row);
}

export async function createItem({ ctx, input }: { ctx: Ctx; input: { projectId: string; launchId: string; data: unknown } }): Promise<TItem> {
  await authorize(ctx, input.projectId, "launch.manage");
  const data = parseInput(ZItemCreate, input.data);
  const by = actorLabel(requireActor(ctx));
  const fx = newEffects();
  const id = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Launch" WHERE id = ${input.launchId} AND "projectId" = ${input.projectId} FOR UPDATE`;
    const launch = await findLaunch(tx, input.projectId, input.launchId);
    if (launch.archivedAt) throw new ConflictError(`"${launch.name}" is archived; its checklist is read-only.`, "launch_archived");
    const owner = data.ownerId ? await memberOf(tx, input.projectId, data.ownerId, "ownerId") : null;
    const assignee = data.assigneeId ? await memberOf(tx, input.projectId, data.assigneeId, "assigneeId") : null;
    const binding = data.binding ? await bindingFromInput(tx, input.projectId, data.binding) : null;
    const last = await tx.checklistItem.aggregate({ where: { launchId: launch.id }, _max: { number: true, position: true } });
    const item = await tx.checklistItem.create({
      data: {
        launchId: launch.id, projectId: input.projectId, number: (last._max.number ?? 0) + 1, position: (last._max.position ?? -1) + 1,
        section: data.section, title: data.title, description: data.description, ownerId: owner?.id ?? null, assigneeId: assignee?.id ?? null,
        dueAt: data.dueAt ? new Date(data.dueAt) : null, blocking: data.blocking, signOffRequired: data.signOffRequired, renewalDays: data.renewalDays ?? null,
        binding: (binding ?? Prisma.DbNull) as Prisma.InputJsonValue,
      },
    });
    await activity(tx, item.id, by, "created", `${by} added this item${binding ? `, watching: ${binding.label}` : ""}.`);
    if (assignee) await notifyAssigned(tx, fx, item, assignee, by);
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "checklist.item_create", objectType: "checklist_item", objectId: item.id, after: { ref: itemRef(item.number), title: item.title, section: item.section, blocking: item.blocking } });
    await launchChanged(tx, fx, input.projectId, launch.id, item.id);
    return item.id;
  });
  await flushEffects(fx);
  if (data.binding) await refreshBindings(input.projectId);
  return reload(input.projectId, id);
}

const STRUCTURE = ["section", "title", "description", "ownerId", "blocking", "signOffRequired", "renewalDays", "binding", "position"] as const;

/**
 * Changes an item. Status, assignee and due date are work (members); the rest is the checklist's shape (launch
 * managers). Leaving "done" clears the sign-off. An automated item's done/undone is T-Minus's to set.
 */
export async function updateItem({ ctx, input }: { ctx: Ctx; input: { projectId: string; itemId: string; patch: unknown } }): Promise<TItem> {
  const role = await authorize(ctx, input.projectId, "checklist.work");
  const patch = parseInput(ZItemUpdate, input.patch);
  if (Object.keys(patch).length === 0) throw new ValidationError([{ path: "body", rule: "non_empty", message: "send at least one field to change" }]);
  const structural = STRUCTURE.filter((k) => patch[k] !== undefined);
  if (structural.length && !can(role, "launch.manage")) {
    throw new ForbiddenError(`${role === "member" ? "Members" : "Your role"} can change an item's status, assignee and due date; changing its ${structural.join(", ")} needs the approver or admin role.`);
  }
  const by = actorLabel(requireActor(ctx));
  const fx = newEffects();
  let rebind = false;
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "ChecklistItem" WHERE id = ${input.itemId} AND "projectId" = ${input.projectId} FOR UPDATE`;
    const item = await findItem(tx, input.projectId, input.itemId);
    stillOpen(item);
    const data: Prisma.ChecklistItemUncheckedUpdateInput = {};
    const lines: string[] = [];
    for (const k of ["section", "title", "description", "blocking", "signOffRequired", "renewalDays", "position"] as const) {
      if (patch[k] !== undefined && patch[k] !== item[k]) {
        (data as Record<string, unknown>)[k] = patch[k];
        if (k !== "position") lines.push(k === "description" ? "changed the description" : `set ${k.replace(/([A-Z])/g, " $1").toLowerCase()} to ${JSON.stringify(patch[k])}`);
      }
    }
    if (patch.dueAt !== undefined) {
      data.dueAt = patch.dueAt ? new Date(patch.dueAt) : null;
      lines.push(patch.dueAt ? `set the due date to ${patch.dueAt.slice(0, 10)}` : "removed the due date");
    }
    if (patch.ownerId !== undefined && patch.ownerId !== item.ownerId) {
      const owner = patch.ownerId ? await memberOf(tx, input.projectId, patch.ownerId, "ownerId") : null;
      data.ownerId = owner?.id ?? null;
      lines.push(owner ? `made ${owner.name} the owner` : "removed the owner");
    }
    if (patch.assigneeId !== undefined && patch.assigneeId !== item.assigneeId) {
      const assignee = patch.assigneeId ? await memberOf(tx, input.projectId, patch.assigneeId, "assigneeId") : null;
      data.assigneeId = assignee?.id ?? null;
      lines.push(assignee ? `assigned it to ${assignee.name}` : "unassigned it");
      if (assignee) await notifyAssigned(tx, fx, item, assignee, by);
    }
    if (patch.binding !== undefined) {
      const binding = patch.binding ? await bindingFromInput(tx, input.projectId, patch.binding) : null;
      Object.assign(data, { binding: binding ?? Prisma.DbNull, bindingOk: null, bindingSummary: null, bindingHref: null, bindingCheckedAt: null });
      if (binding && item.status !== "waived" && item.status !== "not_applicable") Object.assign(data, { status: "todo", signedOffAt: null, signedOffBy: null });
      lines.push(binding ? `made it automated, watching: ${binding.label}` : "made it manual");
      rebind = !!binding;
    }
    if (patch.status !== undefined && patch.status !== item.status) {
      const bound = item.binding !== null && patch.binding === undefined;
      let next: ChecklistItemStatus = patch.status;
      if (bound && (patch.status === "done" || patch.status === "in_progress")) {
        throw new ConflictError(
          `${itemRef(item.number)} is automated: T-Minus ticks it when "${(item.binding as { label?: string }).label}" is true. Mark it not applicable, or ask an approver to waive it.`,
          "automated_item",
          [{ path: "status", rule: "automated", message: "is set by T-Minus on automated items" }],
        );
      }
      // Back from "not applicable" on an automated item: it takes the state of the fact it watches.
      if (bound && patch.status === "todo" && item.bindingOk) next = "done";
      data.status = next;
      if (item.status === "waived") Object.assign(data, { waivedBy: null, waiverReason: null, waiverExpiresAt: null });
      if (next !== "done") Object.assign(data, { signedOffAt: null, signedOffBy: null });
      lines.push(`marked it ${STATUS_LABELS[next].toLowerCase()}${item.signedOffAt && next !== "done" ? " (the sign-off is cleared)" : ""}`);
    }
    if (!Object.keys(data).length) return;
    await tx.checklistItem.update({ where: { id: item.id }, data });
    await activity(tx, item.id, by, "updated", `${by} ${lines.join(", ")}.`);
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "checklist.item_update", objectType: "checklist_item", objectId: item.id, before: { status: item.status }, after: { ref: itemRef(item.number), ...patch } });
    await launchChanged(tx, fx, input.projectId, item.launchId, item.id);
  });
  await flushEffects(fx);
  if (rebind) await refreshBindings(input.projectId);
  return reload(input.projectId, input.itemId);
}

export async function deleteItem({ ctx, input }: { ctx: Ctx; input: { projectId: string; itemId: string } }) {
  await authorize(ctx, input.projectId, "launch.manage");
  const fx = newEffects();
  await db.$transaction(async (tx) => {
    const item = await findItem(tx, input.projectId, input.itemId);
    stillOpen(item);
    await tx.checklistItem.delete({ where: { id: item.id } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "checklist.item_delete", objectType: "checklist_item", objectId: item.id, before: { ref: itemRef(item.number), title: item.title, status: item.status } });
    await launchChanged(tx, fx, input.projectId, item.launchId, item.id);
  });
  await flushEffects(fx);
  return { deleted: true as const };
}

/** Approvers sign off done items (never their own); with a renewal period the sign-off lapses and must be given again. */
export async function signOffItem({ ctx, input }: { ctx: Ctx; input: { projectId: string; itemId: string; data: unknown } }): Promise<TItem> {
  await authorize(ctx, input.projectId, "checklist.signoff");
  const data = parseInput(ZSignOff, input.data === undefined ? {} : input.data);
  const user = requireUser(ctx);
  const fx = newEffects();
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "ChecklistItem" WHERE id = ${input.itemId} AND "projectId" = ${input.projectId} FOR UPDATE`;
    const item = await findItem(tx, input.projectId, input.itemId);
    stillOpen(item);
    if (item.status !== "done") throw new ConflictError(`${itemRef(item.number)} is ${STATUS_LABELS[item.status].toLowerCase()}; only done items are signed off.`, "not_done");
    if (item.ownerId === user.userId) throw new ForbiddenError(`You own ${itemRef(item.number)}; another approver signs it off.`);
    const now = new Date();
    await tx.checklistItem.update({ where: { id: item.id }, data: { signedOffBy: user.email, signedOffAt: now } });
    const renew = item.renewalDays ? ` It needs signing again in ${item.renewalDays} days.` : "";
    await activity(tx, item.id, user.email, "signed_off", `${user.email} signed this off${item.signedOffAt ? " again" : ""}.${renew}${data.note ? ` "${data.note}"` : ""}`);
    if (data.note) await tx.checklistEvidence.create({ data: { itemId: item.id, kind: "note", text: `Sign-off note: ${data.note}`, addedBy: user.email } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "checklist.sign_off", objectType: "checklist_item", objectId: item.id, after: { ref: itemRef(item.number), renewalDays: item.renewalDays } });
    await launchChanged(tx, fx, input.projectId, item.launchId, item.id);
  });
  await flushEffects(fx);
  return reload(input.projectId, input.itemId);
}

const MAX_WAIVER_DAYS = 365;

/** A waiver: an approver who does not own the item, a reason and an expiry; after it the item holds the launch again. */
export async function waiveItem({ ctx, input }: { ctx: Ctx; input: { projectId: string; itemId: string; data: unknown } }): Promise<TItem> {
  await authorize(ctx, input.projectId, "checklist.signoff");
  const data = parseInput(ZWaive, input.data);
  const user = requireUser(ctx);
  const now = new Date();
  const expiresAt = new Date(data.expiresAt);
  if (expiresAt <= now) throw new ValidationError([{ path: "expiresAt", rule: "future", message: "must be in the future" }]);
  if (expiresAt.getTime() - now.getTime() > MAX_WAIVER_DAYS * 86_400_000) throw new ValidationError([{ path: "expiresAt", rule: "max", message: `must be within ${MAX_WAIVER_DAYS} days` }]);
  const fx = newEffects();
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "ChecklistItem" WHERE id = ${input.itemId} AND "projectId" = ${input.projectId} FOR UPDATE`;
    const item = await findItem(tx, input.projectId, input.itemId);
    stillOpen(item);
    if (item.ownerId === user.userId) throw new ForbiddenError(`You own ${itemRef(item.number)}; a waiver needs an approver who does not.`);
    if (item.status === "not_applicable") throw new ConflictError(`${itemRef(item.number)} is not applicable; there is nothing to waive.`);
    await tx.checklistItem.update({
      where: { id: item.id },
      data: { status: "waived", waivedBy: user.email, waiverReason: data.reason, waiverExpiresAt: expiresAt, signedOffAt: null, signedOffBy: null },
    });
    await activity(tx, item.id, user.email, "waived", `${user.email} waived this until ${data.expiresAt.slice(0, 10)}: ${data.reason}`);
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "checklist.waive", objectType: "checklist_item", objectId: item.id, before: { status: item.status }, after: { ref: itemRef(item.number), reason: data.reason, expiresAt: data.expiresAt } });
    await launchChanged(tx, fx, input.projectId, item.launchId, item.id);
  });
  await flushEffects(fx);
  return reload(input.projectId, input.itemId);
}

export async function revokeWaiver({ ctx, input }: { ctx: Ctx; input: { projectId: string; itemId: string } }): Promise<TItem> {
  await authorize(ctx, input.projectId, "checklist.signoff");
  const by = actorLabel(requireActor(ctx));
  const fx = newEffects();
  await db.$transaction(async (tx) => {
    const item = await findItem(tx, input.projectId, input.itemId);
    stillOpen(item);
    if (item.status !== "waived") throw new ConflictError(`${itemRef(item.number)} is not waived.`);
    const status: ChecklistItemStatus = item.binding && item.bindingOk ? "done" : "todo";
    await tx.checklistItem.update({ where: { id: item.id }, data: { status, waivedBy: null, waiverReason: null, waiverExpiresAt: null } });
    await activity(tx, item.id, by, "waiver_revoked", `${by} revoked the waiver; the item is ${STATUS_LABELS[status].toLowerCase()} again.`);
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "checklist.waiver_revoke", objectType: "checklist_item", objectId: item.id, before: { reason: item.waiverReason } });
    await launchChanged(tx, fx, input.projectId, item.launchId, item.id);
  });
  await flushEffects(fx);
  return reload(input.projectId, input.itemId);
}

export async function addEvidence({ ctx, input }: { ctx: Ctx; input: { projectId: string; itemId: string; data: unknown } }) {
  await authorize(ctx, input.projectId, "checklist.work");
  const data = parseInput(ZEvidenceCreate, input.data);
  const by = actorLabel(requireActor(ctx));
  const fx = newEffects();
  const row = await db.$transaction(async (tx) => {
    const item = await findItem(tx, input.projectId, input.itemId);
    stillOpen(item);
    const row = await tx.checklistEvidence.create({ data: { itemId: item.id, kind: data.kind, url: data.url ?? null, text: data.text, addedBy: by } });
    await activity(tx, item.id, by, "evidence", `${by} attached ${data.kind === "link" ? `a link (${new URL(data.url!).host})` : "a note"}.`);
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "checklist.evidence_add", objectType: "checklist_item", objectId: item.id, after: { kind: data.kind, url: data.url } });
    await launchChanged(tx, fx, input.projectId, item.launchId, item.id);
    return row;
  });
  await flushEffects(fx);
  return toEvidence(row);
}

export async function deleteEvidence({ ctx, input }: { ctx: Ctx; input: { projectId: string; itemId: string; evidenceId: string } }) {
  await authorize(ctx, input.projectId, "checklist.work");
  const by = actorLabel(requireActor(ctx));
  const fx = newEffects();
  await db.$transaction(async (tx) => {
    const item = await findItem(tx, input.projectId, input.itemId);
    stillOpen(item);
    const row = await tx.checklistEvidence.findFirst({ where: { id: input.evidenceId, itemId: item.id } });
    if (!row) throw new NotFoundError("Evidence");
    if (row.kind === "auto") throw new ConflictError("Evidence T-Minus attached is the record of what it measured; it stays.");
    await tx.checklistEvidence.delete({ where: { id: row.id } });
    await activity(tx, item.id, by, "evidence_removed", `${by} removed ${row.kind === "link" ? "a link" : "a note"}.`);
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "checklist.evidence_delete", objectType: "checklist_item", objectId: item.id, before: { kind: row.kind, url: row.url } });
    await launchChanged(tx, fx, input.projectId, item.launchId, item.id);
  });
  await flushEffects(fx);
  return { deleted: true as const };
}

/** "@ana@example.com" or "@Ana" (a member's name without spaces, or their e-mail's local part), case-insensitive. */
export function mentionsIn(body: string, members: { id: string; name: string; email: string }[]) {
  const tokens = new Set([...body.matchAll(/(?:^|[^\w@.])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)/g)].map((m) => m[1].replace(/\.$/, "").toLowerCase()));
  return members.filter((m) => {
    const email = m.email.toLowerCase();
    return tokens.has(email) || tokens.has(email.split("@")[0]) || tokens.has(m.name.replace(/\s+/g, "").toLowerCase());
  });
}

export async function addComment({ ctx, input }: { ctx: Ctx; input: { projectId: string; itemId: string; data: unknown } }) {
  await authorize(ctx, input.projectId, "checklist.work");
  const data = parseInput(ZCommentCreate, input.data);
  const by = actorLabel(requireActor(ctx));
  const fx = newEffects();
  const row = await db.$transaction(async (tx) => {
    const item = await findItem(tx, input.projectId, input.itemId);
    stillOpen(item);
    const row = await tx.checklistComment.create({ data: { itemId: item.id, author: by, body: data.body } });
    const members = (await tx.membership.findMany({ where: { projectId: input.projectId }, include: { user: { select: { id: true, name: true, email: true } } } })).map((m) => m.user);
    const mentioned = data.body.includes("@") ? mentionsIn(data.body, members) : [];
    await activity(tx, item.id, by, "commented", `${by} commented${mentioned.length ? `, mentioning ${mentioned.map((m) => m.name).join(", ")}` : ""}.`);
    if (mentioned.length) {
      fx.jobs.push(
        ...(await notifyInTx(tx, input.projectId, "checklist.mentioned", {
          title: `${by} mentioned ${mentioned.map((m) => m.name).join(", ")} on ${itemRef(item.number)} ${item.title}`,
          text: data.body.slice(0, 2000),
          url: launchLink(input.projectId, `/items/${item.id}`),
          severity: "info",
          fields: [{ name: "Mentioned", value: mentioned.map((m) => `${m.name} <${m.email}>`).join(", ") }],
        })),
      );
    }
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "checklist.comment", objectType: "checklist_item", objectId: item.id, after: { mentioned: mentioned.map((m) => m.email) } });
    await launchChanged(tx, fx, input.projectId, item.launchId, item.id);
    return row;
  });
  await flushEffects(fx);
  return toComment(row);
}
