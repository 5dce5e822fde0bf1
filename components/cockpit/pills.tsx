import { Ban, CircleCheck, CircleHelp, CirclePause, CircleX, Clock, Hourglass, RotateCcw, TriangleAlert } from "lucide-react";
import { Spinner } from "@/components/ui/button";
import { toneClasses } from "@/components/ui/status-pill";
import type { TCockpitDeployment, TCockpitTarget } from "@/lib/queries/cockpit";
import type { Size } from "./size";

// Status pills with the same words and shapes as CheckState and DeploymentStatus (components/uptime/check-state.tsx,
// components/deployments/status.tsx), kept here because importing those modules whole put the home page over its
// 180 kB budget. Never colour alone: an icon and a word every time.

type HealthState = NonNullable<TCockpitTarget["health"]>["state"];
const STATE = {
  up: { label: "Up", tone: "success", icon: CircleCheck },
  degraded: { label: "Degraded", tone: "warning", icon: TriangleAlert },
  down: { label: "Down", tone: "danger", icon: CircleX },
  unknown: { label: "Unknown", tone: "neutral", icon: CircleHelp },
  paused: { label: "Paused", tone: "neutral", icon: CirclePause },
} as const;

const DEPLOY = {
  requested: { label: "Requested", tone: "info", icon: Clock },
  awaiting_approval: { label: "Awaiting approval", tone: "warning", icon: Hourglass },
  approved: { label: "Approved", tone: "info", icon: Clock },
  queued: { label: "Queued", tone: "info", icon: Clock },
  running: { label: "Deploying", tone: "info", icon: null },
  verifying: { label: "Verifying health", tone: "info", icon: null },
  succeeded: { label: "Succeeded", tone: "success", icon: CircleCheck },
  failed: { label: "Failed", tone: "danger", icon: CircleX },
  cancelled: { label: "Cancelled", tone: "neutral", icon: Ban },
  rolled_back: { label: "Rolled back", tone: "danger", icon: RotateCcw },
} as const;

const pill = { page: "gap-1.5 px-2.5 py-0.5 text-xs font-semibold ring-1", room: "gap-2 px-3 py-1 text-lg font-bold ring-2 2xl:text-3xl" } as const;
const icon = { page: "size-3.5", room: "size-5 2xl:size-8" } as const;

export function HealthPill({ state, size }: { state: HealthState | "none"; size: Size }) {
  if (state === "none") return <span className={`inline-flex items-center whitespace-nowrap rounded-full ring-inset ${pill[size]} ${toneClasses.neutral}`}>Not monitored</span>;
  const s = STATE[state];
  const Icon = s.icon;
  return (
    <span data-state={state} className={`inline-flex items-center whitespace-nowrap rounded-full ring-inset ${pill[size]} ${toneClasses[s.tone]}`}>
      <Icon aria-hidden="true" className={icon[size]} />
      {s.label}
    </span>
  );
}

export function DeployPill({ status, size }: { status: TCockpitDeployment["status"]; size: Size }) {
  const s = DEPLOY[status];
  const Icon = s.icon;
  return (
    <span data-status={status} className={`inline-flex items-center whitespace-nowrap rounded-full ring-inset ${pill[size]} ${toneClasses[s.tone]}`}>
      {Icon ? <Icon aria-hidden="true" className={icon[size]} /> : <Spinner className={icon[size]} />}
      {s.label}
    </span>
  );
}
