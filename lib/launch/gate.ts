import type { Gate } from "../deployments/gates";
import { db } from "../db";
import { STAGE_LABELS } from "./schemas";
import { readinessOf } from "./view";

// The launch go/no-go on production: while a project's active launch is no-go, its production targets take no
// deployments. Admins can override with a reason (the deploy form's override), which is audited and notified.
// Rollbacks pass: they are how a bad release is taken back.

/** Which targets the gate guards: those whose environment says production. */
export const isProduction = (environment: string) => /^prod(uction)?$/i.test(environment.trim());

export const launchGate: Gate = {
  id: "launch",
  label: "Launch readiness",
  overriddenBy: "launch",
  appliesToRollbacks: false,
  async evaluate({ projectId, target, at }) {
    if (!isProduction(target.environment)) return { ok: true, reason: `${target.name} is not a production target; the launch gate does not apply.` };
    const launch = await db.launch.findFirst({ where: { projectId, archivedAt: null }, select: { id: true, name: true, stage: true } });
    if (!launch) return { ok: true, reason: "No launch is active in this project." };
    const readiness = await readinessOf(db, launch.id, at);
    if (readiness.go) return { ok: true, reason: `${launch.name} (${STAGE_LABELS[launch.stage]}) is go: readiness ${readiness.score}%.` };
    const shown = readiness.holding.slice(0, 3).map((h) => `${h.ref} ${h.title}`);
    const more = readiness.holding.length - shown.length;
    return {
      ok: false,
      reason: `${launch.name} is no-go (${readiness.verdict.replace(/^No-go: /, "").replace(/\.$/, "")}): ${shown.join("; ")}${more > 0 ? ` and ${more} more` : ""}. Finish or waive them on the launch checklist, or an admin can override with a reason.`,
    };
  },
};
