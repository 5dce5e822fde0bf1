import type { Release, Target } from "@prisma/client";
import { activeFreezeFor } from "./freeze";
import { launchGate } from "../launch/gate";
import type { TGate, TOverride } from "./schemas";

// Gates decide on the server whether a deployment may run, each with a sentence the UI shows. They are evaluated when
// a deployment is requested (so the requester learns at once) and again when a worker is about to start it (the
// authoritative check: a lock or a freeze window may have begun in between). Other features add gates through
// registerGate; the launch checklist's go/no-go (lib/launch/gate.ts) is listed here.

export type GateInput = {
  projectId: string;
  target: Target;
  release: Release;
  kind: "deploy" | "rollback";
  overrides: TOverride[];
  approvalsRequired: number;
  approvalsValid: number;
  at: Date;
};

export type GateResult = { ok: boolean; reason: string };

export type Gate = {
  id: string;
  label: string;
  /** Which admin override lets a deployment through when the gate says no; null = none can. */
  overriddenBy: TOverride["kind"] | null;
  /** Rollbacks are recovery: they pass gates that would keep a broken release live (lock, freeze). */
  appliesToRollbacks: boolean;
  evaluate(input: GateInput): Promise<GateResult> | GateResult;
};

const lockGate: Gate = {
  id: "lock",
  label: "Target lock",
  overriddenBy: "lock",
  appliesToRollbacks: false,
  evaluate: ({ target }) =>
    target.lockedAt
      ? { ok: false, reason: `${target.name} is locked by ${target.lockedBy ?? "someone"}: ${target.lockedReason ?? "no reason given"}. Unlock it, or an admin can override the lock with a reason.` }
      : { ok: true, reason: `${target.name} is not locked.` },
};

const freezeGate: Gate = {
  id: "freeze",
  label: "Freeze window",
  overriddenBy: "freeze",
  appliesToRollbacks: false,
  async evaluate({ projectId, target, at }) {
    const active = await activeFreezeFor(projectId, target.id, at);
    return active ? { ok: false, reason: active.reason } : { ok: true, reason: "No freeze window is open." };
  },
};

const approvalsGate: Gate = {
  id: "approvals",
  label: "Approvals",
  overriddenBy: "approvals",
  appliesToRollbacks: false,
  evaluate: ({ approvalsRequired, approvalsValid }) => {
    if (approvalsRequired === 0) return { ok: true, reason: "This target needs no approval." };
    if (approvalsValid >= approvalsRequired) return { ok: true, reason: `Approved (${approvalsValid} of ${approvalsRequired}).` };
    const missing = approvalsRequired - approvalsValid;
    return { ok: false, reason: `Waiting for ${missing} more approval${missing === 1 ? "" : "s"} (${approvalsValid} of ${approvalsRequired}).` };
  },
};

const gates: Gate[] = [lockGate, freezeGate, approvalsGate, launchGate];

/** Adds a gate (idempotent by id). */
export function registerGate(gate: Gate) {
  const i = gates.findIndex((g) => g.id === gate.id);
  if (i >= 0) gates[i] = gate;
  else gates.push(gate);
}

export async function evaluateGates(input: GateInput): Promise<TGate[]> {
  const out: TGate[] = [];
  for (const gate of gates) {
    if (input.kind === "rollback" && !gate.appliesToRollbacks) continue;
    let result: GateResult;
    try {
      result = await gate.evaluate(input);
    } catch (error) {
      // A gate that cannot decide says no: a deploy never slips through because a check broke.
      result = { ok: false, reason: `The ${gate.label.toLowerCase()} check failed: ${(error as Error).message}` };
    }
    const overridden = !result.ok && gate.overriddenBy !== null && input.overrides.some((o) => o.kind === gate.overriddenBy);
    out.push({ id: gate.id, label: gate.label, ok: result.ok, reason: result.reason, overridden });
  }
  return out;
}

/** Gates that still hold the deployment back (failed and not overridden). */
export const blocking = (results: TGate[]) => results.filter((g) => !g.ok && !g.overridden);
