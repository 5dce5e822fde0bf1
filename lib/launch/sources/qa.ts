import { z } from "zod";
import { db } from "../../db";
import type { BindingSource } from "../bindings";
import { QA_KIND_IDS, QA_KIND_LABELS } from "../../qa/schemas";
import { sameCheckWhere } from "../../qa/same-check";
import { ZId, ago, projectSlug, resolveTarget, restOf, targetName } from "./shared";

// QA facts: the latest QA run of a kind on a target passed, recently, and its measurement was reliable. A run that
// could not measure (error) or was cancelled does not replace the last real verdict, it just is not one.

const DAY = 86_400_000;

export const ZQaRunBinding = z.object({
  targetId: ZId,
  qaKind: z.enum(QA_KIND_IDS, { error: `must be one of ${QA_KIND_IDS.join(", ")}` }),
  withinDays: z.number({ error: "must be a number" }).int("must be a whole number of days").min(1, "must be at least 1 day").max(365, "must be at most 365 days").default(14),
});
export type TQaRunBinding = z.infer<typeof ZQaRunBinding>;

export const qaRunSource: BindingSource<TQaRunBinding> = {
  kind: "qa_run",
  label: "QA run passed",
  description: "The latest QA run of a kind (load, a11y, links, fuzz, devices) on a target passed within a number of days, and its measurement was reliable.",
  params: [
    { name: "targetId", description: 'the target (templates: environment, e.g. "staging")', required: true },
    { name: "qaKind", description: QA_KIND_IDS.join(", "), required: true },
    { name: "withinDays", description: "how recent the passing run must be (default 14)", required: false },
  ],
  schema: ZQaRunBinding,
  resolve: async (tx, projectId, raw) => {
    const target = await resolveTarget(tx, projectId, raw);
    return target && ({ targetId: target.id, ...restOf(raw) } as TQaRunBinding);
  },
  describe: async (tx, projectId, p) => `${QA_KIND_LABELS[p.qaKind]} passed on ${await targetName(tx, projectId, p.targetId)} within ${p.withinDays} days`,
  async evaluate(projectId, p, now) {
    const [run, slug, name] = await Promise.all([
      // Bad-input hammering is measured by its bad-input runs: a partial-network-failure run checks something else.
      db.qaRun.findFirst({ where: { projectId, targetId: p.targetId, kind: p.qaKind, ...sameCheckWhere(p.qaKind, { mode: "inputs" }), status: { in: ["passed", "failed"] } }, orderBy: { createdAt: "desc" } }),
      projectSlug(projectId),
      targetName(db, projectId, p.targetId),
    ]);
    const label = QA_KIND_LABELS[p.qaKind];
    if (!run) return { ok: false, summary: `No ${label.toLowerCase()} has finished on ${name} yet: start one from the QA page`, href: `/projects/${slug}/qa` };
    const href = `/projects/${slug}/qa/${run.id}`;
    const when = ago(run.finishedAt ?? run.createdAt, now);
    const what = `QA-${run.number} ${label.toLowerCase()} on ${name}`;
    if (run.status === "failed") return { ok: false, summary: `${what} failed ${when}: ${run.summary ?? "see the run"}`, href };
    if (!run.reliable) return { ok: false, summary: `${what} passed ${when}, but its measurement was unreliable (${run.unreliableReason ?? "see the run"})`, href };
    if (now.getTime() - (run.finishedAt ?? run.createdAt).getTime() > p.withinDays * DAY) {
      return { ok: false, summary: `${what} passed ${when}, longer ago than ${p.withinDays} days: run it again`, href };
    }
    return { ok: true, summary: `${what} passed ${when}: ${run.summary ?? ""}`.trim(), href };
  },
};
