import { Ban, CircleCheck, CircleDashed, CircleX, Clock, Hourglass, ListOrdered, RotateCcw, ShieldCheck, type LucideIcon } from "lucide-react";
import { Spinner } from "@/components/ui/button";
import { toneClasses, type Tone } from "@/components/ui/status-pill";
import type { DeploymentStatusName, TDeployment } from "@/lib/queries/deployments";

const STATUS: Record<DeploymentStatusName, { label: string; tone: Tone; icon: LucideIcon | null }> = {
  requested: { label: "Requested", tone: "info", icon: CircleDashed },
  awaiting_approval: { label: "Awaiting approval", tone: "warning", icon: Hourglass },
  approved: { label: "Approved", tone: "info", icon: ShieldCheck },
  queued: { label: "Queued", tone: "info", icon: ListOrdered },
  running: { label: "Deploying", tone: "info", icon: null },
  verifying: { label: "Verifying health", tone: "info", icon: null },
  succeeded: { label: "Succeeded", tone: "success", icon: CircleCheck },
  failed: { label: "Failed", tone: "danger", icon: CircleX },
  cancelled: { label: "Cancelled", tone: "neutral", icon: Ban },
  rolled_back: { label: "Rolled back", tone: "danger", icon: RotateCcw },
};

export const statusLabel = (s: DeploymentStatusName) => STATUS[s].label;


/** A deployment's status as icon plus words (a spinner while it runs), never colour alone. */
export function DeploymentStatus({ status, large }: { status: DeploymentStatusName; large?: boolean }) {
  const s = STATUS[status];
  const Icon = s.icon ?? Clock;
  const size = large ? "size-4" : "size-3.5";
  return (
    <span data-status={status} className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full font-semibold ring-1 ring-inset ${large ? "px-3 py-1 text-sm" : "px-2.5 py-0.5 text-xs"} ${toneClasses[s.tone]}`}>
      {s.icon ? <Icon aria-hidden="true" className={size} /> : <Spinner className={size} />}
      {s.label}
    </span>
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What is happening, in words: the sentence under a deployment's heading. */
export function statusSentence(d: TDeployment): string {
  const to = `${d.release.version} to ${d.target.name}`;
  const step = [...d.steps].reverse().find((s) => s.status === "running");
  const back = d.kind === "rollback";
  switch (d.status) {
    case "requested":
      return `Requested by ${d.requestedBy}; checking the target's lock, freeze windows and approvals.`;
    case "awaiting_approval": {
      const missing = Math.max(0, d.approvalsRequired - d.approvalsValid);
      return `Waiting for ${plural(missing, "more approval")} (${d.approvalsValid} of ${d.approvalsRequired}) before ${to} can start.`;
    }
    case "approved":
      return `Approved; a worker picks it up in a moment.`;
    case "queued":
      return `Queued: starts as soon as nothing else is deploying to ${d.target.name}.`;
    case "running":
      return `${back ? "Rolling back" : "Deploying"} ${to}${step ? `: ${step.label.toLowerCase()}` : ""}.`;
    case "verifying":
      return `${d.release.version} is out; checking ${d.target.name}'s health before calling it live.`;
    case "succeeded":
      return back ? `Rolled ${d.target.name} back to ${d.release.version}.` : `Deployed ${to}.`;
    case "failed":
      return `${back ? "Rollback" : "Deployment"} of ${to} failed${d.failureReason ? "" : "; the log below says where"}.`;
    case "cancelled":
      return d.startedAt ? `Cancelled while it ran; check what ${d.target.name} serves now.` : `Cancelled before it started; ${d.target.name} was not changed.`;
    case "rolled_back":
      return `${d.release.version} failed its health check; ${d.target.name} was rolled back${d.rollbackVersion ? ` to ${d.rollbackVersion}` : ""}.`;
  }
}
