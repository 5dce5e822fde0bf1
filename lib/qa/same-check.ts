import type { Prisma, QaRun } from "@prisma/client";

/** "faults" for bad-input hammering run as a partial network failure (a check of its own); null for every other run. */
export const qaRunMode = (kind: QaRun["kind"], settings: unknown): "faults" | null =>
  kind === "fuzz" && (settings as { mode?: unknown } | null)?.mode === "faults" ? "faults" : null;

/**
 * Runs that check the same thing as a run of this kind and settings. Bad-input hammering has two modes that look for
 * different problems: a partial-network-failure run says nothing about the 500s a bad-input run found (it must not
 * call them fixed), nor may it stand in for one on the checklist. Runs stored before modes existed were bad input.
 */
export function sameCheckWhere(kind: QaRun["kind"], settings: unknown): Prisma.QaRunWhereInput {
  if (kind !== "fuzz") return {};
  return qaRunMode(kind, settings) === "faults" ? { settings: { path: ["mode"], equals: "faults" } } : { NOT: { settings: { path: ["mode"], equals: "faults" } } };
}
