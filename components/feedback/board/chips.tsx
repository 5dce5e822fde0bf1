import { Bug, ChevronDown, ChevronsDown, ChevronsUp, ChevronUp, CircleDashed, CircleHelp, Heart, Lightbulb, type LucideIcon } from "lucide-react";
import { toneClasses, type Tone } from "@/components/ui/status-pill";
import type { TFeedbackSeverity, TFeedbackType } from "@/lib/feedback/schemas";

// Stand-ins for components/feedback/badges.tsx (built beside this): type and severity as icon plus words.

const TYPE: Record<TFeedbackType, { tone: Tone; icon: LucideIcon; label: string }> = {
  bug: { tone: "danger", icon: Bug, label: "Bug" },
  idea: { tone: "info", icon: Lightbulb, label: "Idea" },
  question: { tone: "neutral", icon: CircleHelp, label: "Question" },
  praise: { tone: "success", icon: Heart, label: "Praise" },
};
const SEVERITY: Record<TFeedbackSeverity, { tone: Tone; icon: LucideIcon; label: string }> = {
  critical: { tone: "danger", icon: ChevronsUp, label: "Critical" },
  high: { tone: "warning", icon: ChevronUp, label: "High" },
  medium: { tone: "neutral", icon: ChevronDown, label: "Medium" },
  low: { tone: "neutral", icon: ChevronsDown, label: "Low" },
};

function Chip({ tone, icon: Icon, label }: { tone: Tone; icon: LucideIcon; label: string }) {
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${toneClasses[tone]}`}>
      <Icon aria-hidden="true" className="size-3.5 shrink-0" />
      {label}
    </span>
  );
}

export const TypeBadge = ({ value }: { value: TFeedbackType }) => <Chip {...(TYPE[value] ?? TYPE.question)} />;
export const SeverityBadge = ({ value }: { value: TFeedbackSeverity | null }) =>
  value ? <Chip {...(SEVERITY[value] ?? SEVERITY.low)} /> : <Chip tone="neutral" icon={CircleDashed} label="No severity" />;
