import type { z } from "zod";
import { Prisma } from "@prisma/client";
import { db, type Tx } from "../db";
import { ValidationError, parseInput } from "../errors";
import { publishEvents, recordEvent } from "../live/events";
import type { TBindingInput } from "./schemas";

// Automated checklist items: each watches one fact T-Minus measures. A source (uptime, deployments, QA, feedback,
// runbooks…) registers itself here with registerBindingSource as its feature lands; the checklist knows nothing about
// any of them. Stored bindings are { kind, label, ...params } with ids; template bindings name a target by environment
// and are resolved when a launch is made.

export type Evaluation = { ok: boolean; summary: string; href: string | null };

export type BindingSource<P extends Record<string, unknown> = Record<string, unknown>> = {
  kind: string;
  label: string;
  description: string;
  params: { name: string; description: string; required: boolean }[];
  /** Validates stored params (with ids). Field errors name the param. */
  schema: z.ZodType<P>;
  /**
   * Turns what a person or template wrote into stored params, checking that ids belong to the project (a ValidationError
   * whose paths name the param, "targetId"; they are reported under "binding."). Templates write
   * `environment: "production"` where items write `targetId`; return null when the project has nothing to bind to
   * (the item is then created manual, with a note saying so).
   */
  resolve(tx: Tx, projectId: string, raw: Record<string, unknown>): Promise<P | null>;
  /** "Uptime ≥ 99.9% over 7 days on production", stored with the binding so lists need no lookups. */
  describe(tx: Tx, projectId: string, params: P): Promise<string>;
  /** Measures the fact now. Throwing is treated as "not true", with the error as the summary. */
  evaluate(projectId: string, params: P, now: Date): Promise<Evaluation>;
};

const sources = new Map<string, BindingSource>();

export function registerBindingSource<P extends Record<string, unknown>>(source: BindingSource<P>) {
  sources.set(source.kind, source as unknown as BindingSource);
}
export const bindingSources = () => [...sources.values()];
export const bindingSource = (kind: string) => sources.get(kind);

export type StoredBinding = { kind: string; label: string } & Record<string, unknown>;

/** Validates a binding written by a person (API or UI) into its stored form. Field errors are under `binding.`. */
export async function bindingFromInput(tx: Tx, projectId: string, input: TBindingInput, path = "binding"): Promise<StoredBinding> {
  const source = sources.get(input.kind);
  if (!source) {
    throw new ValidationError([{ path: `${path}.kind`, rule: "enum", message: `must be one of ${[...sources.keys()].join(", ")}` }]);
  }
  const raw = withoutKindAndLabel(input as Record<string, unknown>);
  const resolved = await source.resolve(tx, projectId, raw).catch((error: unknown) => {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError((error.issues ?? []).map((i) => ({ ...i, path: i.path === path || i.path.startsWith(`${path}.`) ? i.path : `${path}.${i.path}` })));
  });
  if (!resolved) throw new ValidationError([{ path, rule: "unresolved", message: `has nothing to watch in this project (${source.label})` }]);
  const params = parseInput(source.schema, resolved, path);
  return { kind: source.kind, label: await source.describe(tx, projectId, params), ...params };
}

/** For templates: null when the kind is unknown or the project has nothing to bind to, with the reason. */
export async function bindingFromTemplate(tx: Tx, projectId: string, input: TBindingInput): Promise<{ binding: StoredBinding | null; note: string | null }> {
  const source = sources.get(input.kind);
  if (!source) return { binding: null, note: `The template asks for an automated check of kind "${input.kind}", which this instance does not have; the item is manual.` };
  try {
    return { binding: await bindingFromInput(tx, projectId, input), note: null };
  } catch (error) {
    if (error instanceof ValidationError) return { binding: null, note: `Could not bind "${source.label}": ${error.message}. The item is manual until someone binds it.` };
    throw error;
  }
}

/** A binding's parameters: everything but its kind and its stored label. */
function withoutKindAndLabel(binding: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(binding).filter(([key]) => key !== "kind" && key !== "label"));
}
export const paramsOf = (binding: StoredBinding): Record<string, unknown> => withoutKindAndLabel(binding);

export async function evaluateBinding(projectId: string, binding: StoredBinding, now = new Date()): Promise<Evaluation> {
  const source = sources.get(binding.kind);
  if (!source) return { ok: false, summary: `No source for "${binding.kind}" on this instance.`, href: null };
  try {
    const params = source.schema.parse(paramsOf(binding));
    return await source.evaluate(projectId, params, now);
  } catch (error) {
    return { ok: false, summary: `Could not measure: ${(error as Error).message}`, href: null };
  }
}

export type BindingChange = { itemId: string; launchId: string; projectId: string; ok: boolean; summary: string };

export const LAUNCH_EVENT = "launch.updated";

/**
 * Re-measures every bound item of the active launches (of one project, or all), and ticks or unticks each whose fact
 * changed, with evidence and an activity line. Waived and not-applicable items keep their status; their measurement is
 * still updated. A first measurement that finds the fact false only records it (nothing was ticked to untick), unless
 * the item was marked done by hand. Every visible change is a live "launch.updated" event. Returns the ticks and
 * unticks. Safe to run concurrently: each item's update is conditional on what was read.
 */
export async function refreshBindings(projectId?: string, now = new Date()): Promise<BindingChange[]> {
  const items = await db.checklistItem.findMany({
    where: { binding: { not: Prisma.DbNull }, launch: { archivedAt: null, ...(projectId ? { projectId } : {}) } },
    select: { id: true, launchId: true, projectId: true, status: true, binding: true, bindingOk: true, bindingSummary: true, bindingHref: true },
  });
  const changes: BindingChange[] = [];
  for (const item of items) {
    if (!item.binding || typeof item.binding !== "object") continue;
    const result = await evaluateBinding(item.projectId, item.binding as StoredBinding, now);
    const wasOk = item.bindingOk === true;
    const flips = wasOk !== result.ok || (item.bindingOk === null && !result.ok && item.status === "done");
    const manageStatus = item.status !== "waived" && item.status !== "not_applicable";
    const status = manageStatus && flips ? (result.ok ? "done" : "todo") : undefined;
    const visible = flips || item.bindingOk === null || item.bindingSummary !== result.summary || item.bindingHref !== result.href;
    const outcome = await db.$transaction(async (tx) => {
      const { count } = await tx.checklistItem.updateMany({
        where: { id: item.id, bindingOk: item.bindingOk, status: item.status },
        data: {
          bindingOk: result.ok,
          bindingSummary: result.summary,
          bindingHref: result.href,
          bindingCheckedAt: now,
          ...(status ? { status, signedOffBy: null, signedOffAt: null } : {}),
        },
      });
      if (count === 0) return { changed: false, event: null };
      const event = visible ? await recordEvent(tx, item.projectId, LAUNCH_EVENT, { launchId: item.launchId, itemId: item.id }) : null;
      if (!flips) return { changed: false, event };
      await tx.checklistEvidence.create({ data: { itemId: item.id, kind: "auto", url: result.href, text: result.summary, addedBy: "T-Minus" } });
      await tx.checklistActivity.create({ data: { itemId: item.id, actor: "T-Minus", ...activityOf(result, Boolean(status)) } });
      return { changed: true, event };
    });
    if (outcome.event) await publishEvents([outcome.event]);
    if (outcome.changed) changes.push({ itemId: item.id, launchId: item.launchId, projectId: item.projectId, ok: result.ok, summary: result.summary });
  }
  return changes;
}

function activityOf(result: Evaluation, statusMoved: boolean) {
  if (statusMoved) {
    return result.ok
      ? { action: "auto.ticked", text: `T-Minus ticked this: ${result.summary}` }
      : { action: "auto.unticked", text: `T-Minus unticked this: ${result.summary}` };
  }
  // Waived or not applicable: the status is a person's decision; the fact is still recorded beside it.
  return result.ok
    ? { action: "auto.measured", text: `The fact this item watches is now true: ${result.summary}` }
    : { action: "auto.measured", text: `The fact this item watches is no longer true: ${result.summary}` };
}
