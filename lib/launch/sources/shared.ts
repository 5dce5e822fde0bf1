import { z } from "zod";
import type { Target } from "@prisma/client";
import { db, type Tx } from "../../db";
import { ValidationError } from "../../errors";

// What the binding sources share: finding the target a binding names, and the words and links of their summaries.
// Issue paths are relative to the binding ("targetId"); bindingFromInput puts them under "binding.".

export const ZId = z.string().trim().min(1, "is required").max(200);

/**
 * The target a binding watches: `targetId` (written by a person; must be this project's), or `environment` (written by
 * a template; the project's first target of that environment, null when it has none).
 */
export async function resolveTarget(tx: Tx, projectId: string, raw: Record<string, unknown>): Promise<Target | null> {
  if (raw.targetId !== undefined && raw.targetId !== null) {
    if (typeof raw.targetId !== "string" || !raw.targetId.trim()) {
      throw new ValidationError([{ path: "targetId", rule: "invalid_type", message: "must be a target id" }]);
    }
    const target = await tx.target.findFirst({ where: { id: raw.targetId.trim(), projectId } });
    if (!target) throw new ValidationError([{ path: "targetId", rule: "not_found", message: "is not a target of this project" }]);
    return target;
  }
  if (typeof raw.environment === "string" && raw.environment.trim()) {
    return tx.target.findFirst({ where: { projectId, environment: raw.environment.trim() }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  }
  throw new ValidationError([{ path: "targetId", rule: "required", message: "is required (a template may name an environment instead)" }]);
}

/** Params a source stores besides the target, copied from what was written (the schema then validates them). */
export function restOf(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => key !== "targetId" && key !== "environment"));
}

export async function targetName(tx: Tx | typeof db, projectId: string, targetId: string) {
  const target = await tx.target.findFirst({ where: { id: targetId, projectId }, select: { name: true } });
  return target?.name ?? "a deleted target";
}

/** Links use the project's slug, like the pages (which also accept the id). */
export async function projectSlug(projectId: string) {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { slug: true } });
  return project?.slug ?? projectId;
}

/** "3 min", "2 h 5 min", "1 d 4 h"; under a minute of something is "<1 min", never "0 min". */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return ms > 0 ? "<1 min" : "0 min";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${Math.floor(hours / 24)} d`;
}

/** Rounded down, so a figure just under a threshold never reads as meeting it ("99.89%", not "99.9%"). */
export function percent(value: number): string {
  const down = Math.floor(value * 100 + 1e-9) / 100;
  return `${Number(down.toFixed(2))}%`;
}

export function ago(then: Date, now: Date): string {
  const ms = Math.max(0, now.getTime() - then.getTime());
  if (ms < 60_000) return "just now";
  return `${duration(ms)} ago`;
}
