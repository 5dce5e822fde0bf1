import type { ChecklistActivity, ChecklistComment, ChecklistEvidence, ChecklistItem, Launch, LaunchDecision, Prisma } from "@prisma/client";
import { db, type Tx } from "../db";
import { NotFoundError } from "../errors";
import { computeReadiness, itemRef, itemState, signOffExpiry } from "./readiness";
import { paramsOf, type StoredBinding } from "./bindings";
import type { TDecision, TItem, TItemDetail, TLaunch, TLaunchDetail, TReadiness } from "./schemas";

// Row → response mapping for launches and items, and the loaders the verbs, pages, exports and the gate share.

const person = { select: { id: true, name: true, email: true } } as const;
export const itemInclude = {
  owner: person,
  assignee: person,
  _count: { select: { evidence: true, comments: true } },
} satisfies Prisma.ChecklistItemInclude;
export type ItemRow = Prisma.ChecklistItemGetPayload<{ include: typeof itemInclude }>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toItem(row: ItemRow, now = new Date()): TItem {
  const state = itemState(row, now);
  const expiry = signOffExpiry(row);
  const binding = row.binding as StoredBinding | null;
  return {
    id: row.id,
    launchId: row.launchId,
    number: row.number,
    ref: itemRef(row.number),
    position: row.position,
    section: row.section,
    title: row.title,
    description: row.description,
    owner: row.owner,
    assignee: row.assignee,
    dueAt: iso(row.dueAt),
    overdue: !!row.dueAt && row.dueAt < now && !state.satisfied,
    blocking: row.blocking,
    signOffRequired: row.signOffRequired,
    status: row.status,
    renewalDays: row.renewalDays,
    signOff: row.signedOffAt && row.signedOffBy ? { by: row.signedOffBy, at: row.signedOffAt.toISOString(), expiresAt: iso(expiry), expired: state.signOffExpired } : null,
    waiver:
      row.status === "waived" && row.waivedBy && row.waiverExpiresAt
        ? { by: row.waivedBy, reason: row.waiverReason ?? "", expiresAt: row.waiverExpiresAt.toISOString(), expired: state.waiverExpired }
        : null,
    binding: binding
      ? { kind: binding.kind, params: paramsOf(binding), label: binding.label, ok: row.bindingOk, summary: row.bindingSummary, href: row.bindingHref, checkedAt: iso(row.bindingCheckedAt) }
      : null,
    evidenceCount: row._count.evidence,
    commentCount: row._count.comments,
    satisfied: state.satisfied,
    problem: state.problem,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const toEvidence = (e: ChecklistEvidence) => ({ id: e.id, kind: e.kind, url: e.url, text: e.text, addedBy: e.addedBy, createdAt: e.createdAt.toISOString() });
export const toComment = (c: ChecklistComment) => ({ id: c.id, author: c.author, body: c.body, createdAt: c.createdAt.toISOString() });
export const toActivity = (a: ChecklistActivity) => ({ id: a.id, actor: a.actor, action: a.action, text: a.text, createdAt: a.createdAt.toISOString() });

export function toDecision(d: LaunchDecision): TDecision {
  const r = d.readiness as { score: number; verdict: string; holding: TDecision["readiness"]["holding"] };
  return {
    id: d.id,
    fromStage: d.fromStage,
    toStage: d.toStage,
    go: d.go,
    overridden: d.overridden,
    readiness: { score: r.score, verdict: r.verdict, holding: r.holding ?? [] },
    notes: d.notes,
    decidedBy: d.decidedBy,
    createdAt: d.createdAt.toISOString(),
  };
}

export function toLaunch(launch: Launch, readiness: TReadiness): TLaunch {
  return {
    id: launch.id,
    projectId: launch.projectId,
    name: launch.name,
    stage: launch.stage,
    targetDate: iso(launch.targetDate),
    templateName: launch.templateName,
    createdBy: launch.createdBy,
    createdAt: launch.createdAt.toISOString(),
    archivedAt: iso(launch.archivedAt),
    readiness,
  };
}

type Client = Tx | typeof db;

export async function loadItems(client: Client, launchId: string): Promise<ItemRow[]> {
  return client.checklistItem.findMany({ where: { launchId }, include: itemInclude, orderBy: [{ position: "asc" }, { number: "asc" }] });
}

export async function readinessOf(client: Client, launchId: string, now = new Date()): Promise<TReadiness> {
  const rows = await client.checklistItem.findMany({
    where: { launchId },
    select: { id: true, number: true, section: true, title: true, blocking: true, signOffRequired: true, status: true, renewalDays: true, signedOffAt: true, waiverExpiresAt: true, binding: true },
    orderBy: [{ position: "asc" }, { number: "asc" }],
  });
  return computeReadiness(rows, now);
}

export async function launchDetail(client: Client, launch: Launch, now = new Date()): Promise<TLaunchDetail> {
  const [items, decisions] = await Promise.all([
    loadItems(client, launch.id),
    client.launchDecision.findMany({ where: { launchId: launch.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
  ]);
  const readiness = computeReadiness(items, now);
  return { ...toLaunch(launch, readiness), items: items.map((i) => toItem(i, now)), decisions: decisions.map(toDecision) };
}

export async function findLaunch(client: Client, projectId: string, launchId: string): Promise<Launch> {
  const launch = await client.launch.findFirst({ where: { id: launchId, projectId } });
  if (!launch) throw new NotFoundError("Launch");
  return launch;
}

export async function findItem(client: Client, projectId: string, itemId: string): Promise<ChecklistItem & { launch: Launch }> {
  const item = await client.checklistItem.findFirst({ where: { id: itemId, projectId }, include: { launch: true } });
  if (!item) throw new NotFoundError("Checklist item");
  return item;
}

export async function itemDetail(client: Client, projectId: string, itemId: string, now = new Date()): Promise<TItemDetail> {
  const row = await client.checklistItem.findFirst({
    where: { id: itemId, projectId },
    include: {
      ...itemInclude,
      evidence: { orderBy: [{ createdAt: "desc" }, { id: "desc" }] },
      comments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      activity: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 200 },
    },
  });
  if (!row) throw new NotFoundError("Checklist item");
  return { ...toItem(row, now), evidence: row.evidence.map(toEvidence), comments: row.comments.map(toComment), activity: row.activity.map(toActivity) };
}
