import { CircleCheck, CircleHelp, CirclePause, CircleX, TriangleAlert, type LucideIcon } from "lucide-react";
import { toneClasses, type Tone } from "@/components/ui/status-pill";
import type { CheckState as State } from "@/lib/queries/uptime";

const STATE: Record<State, { label: string; tone: Tone; icon: LucideIcon }> = {
  down: { label: "Down", tone: "danger", icon: CircleX },
  degraded: { label: "Degraded", tone: "warning", icon: TriangleAlert },
  unknown: { label: "Unknown", tone: "neutral", icon: CircleHelp },
  up: { label: "Up", tone: "success", icon: CircleCheck },
  paused: { label: "Paused", tone: "neutral", icon: CirclePause },
};

export const stateLabel = (s: State) => STATE[s].label;
export const stateIcon = (s: State) => STATE[s].icon;

/** A check's state as icon plus word, never colour alone. */
export function CheckState({ state, large }: { state: State; large?: boolean }) {
  const s = STATE[state];
  const Icon = s.icon;
  return (
    <span data-state={state} className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full font-semibold ring-1 ring-inset ${large ? "px-3 py-1 text-sm" : "px-2.5 py-0.5 text-xs"} ${toneClasses[s.tone]}`}>
      <Icon aria-hidden="true" className={large ? "size-4" : "size-3.5"} />
      {s.label}
    </span>
  );
}

/** Open or resolved, with shape. */
export function IncidentStatus({ status, acknowledged }: { status: "open" | "resolved"; acknowledged?: boolean }) {
  const open = status === "open";
  const Icon = open ? CircleX : CircleCheck;
  return (
    <span data-status={status} className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${toneClasses[open ? (acknowledged ? "warning" : "danger") : "success"]}`}>
      <Icon aria-hidden="true" className="size-3.5" />
      {open ? (acknowledged ? "Open · acknowledged" : "Open") : "Resolved"}
    </span>
  );
}
