import { z } from "zod";
import { db } from "../../db";
import type { BindingSource } from "../bindings";
import { fbRef, FEEDBACK_SEVERITIES } from "../../feedback/schemas";
import { projectSlug, restOf } from "./shared";

// Feedback facts: no feedback item of a severity (critical by default) is still open. "Open" is new (not yet
// triaged: a critical report waiting in the inbox counts) or accepted but not yet fixed.

export const ZNoCriticalFeedbackBinding = z.object({
  severity: z.enum(["critical", "high"], { error: "must be critical or high (high also counts critical items)" }).default("critical"),
});
export type TNoCriticalFeedbackBinding = z.infer<typeof ZNoCriticalFeedbackBinding>;

export const noCriticalFeedbackSource: BindingSource<TNoCriticalFeedbackBinding> = {
  kind: "no_critical_feedback",
  label: "No open critical feedback",
  description: "No feedback item of critical severity (or high and above) is open: new, accepted, planned or in progress.",
  params: [{ name: "severity", description: `critical (default) or high; of ${FEEDBACK_SEVERITIES.join(", ")}`, required: false }],
  schema: ZNoCriticalFeedbackBinding,
  resolve: async (_tx, _projectId, raw) => restOf(raw) as TNoCriticalFeedbackBinding,
  describe: async (_tx, _projectId, p) => (p.severity === "high" ? "No open feedback of high or critical severity" : "No open critical feedback"),
  async evaluate(projectId, p) {
    const severities = p.severity === "high" ? (["critical", "high"] as const) : (["critical"] as const);
    const [open, count, slug] = await Promise.all([
      db.feedbackItem.findMany({
        where: { projectId, severity: { in: [...severities] }, status: { in: ["new", "accepted", "planned", "in_progress"] } },
        orderBy: { createdAt: "asc" },
        select: { number: true, title: true },
        take: 3,
      }),
      db.feedbackItem.count({ where: { projectId, severity: { in: [...severities] }, status: { in: ["new", "accepted", "planned", "in_progress"] } } }),
      projectSlug(projectId),
    ]);
    const what = p.severity === "high" ? "high or critical" : "critical";
    const href = `/projects/${slug}/feedback?view=open&severity=${severities[0]}`;
    if (!count) return { ok: true, summary: `No ${what} feedback is open`, href };
    const named = open.map((i) => `${fbRef(i.number)} ${i.title}`).join("; ");
    return { ok: false, summary: `${count} ${what} feedback item${count === 1 ? " is" : "s are"} open: ${named}${count > open.length ? "; …" : ""}`, href };
  },
};
