import type { Prisma, QaRun } from "@prisma/client";

/**
 * Runs that check the same thing as a run of this kind and settings. Bad-input hammering has two modes that look for
 * different problems: a partial-network-failure run says nothing about the 500s a bad-input run found (it must not
 * call them fixed), nor may it stand in for one on the checklist. Runs stored before modes existed were bad input.
 */
export function sameCheckWhere(kind: QaRun["kind"], settings: unknown): Prisma.QaRunWhereInput {
  if (kind !== "fuzz") return {};
  const mode = (settings as { mode?: unknown } | null)?.mode === "faults" ? "faults" : "inputs";
  return mode === "faults" ? { settings: { path: ["mode"], equals: "faults" } } : { NOT: { settings: { path: ["mode"], equals: "faults" } } };
}
