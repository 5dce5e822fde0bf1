import {
  Bug, ChevronsDown, ChevronDown, ChevronUp, ChevronsUp, CircleDashed, Heart, CircleHelp, Lightbulb,
  type LucideIcon,
} from "lucide-react";
import { toneClasses, type Tone } from "@/components/ui/status-pill";
import { SEVERITY_LABEL, TYPE_LABEL, type TFeedbackSeverity, type TFeedbackType } from "./labels";

// Type, status and severity as icon plus words (never colour alone): one look for the inbox, the item page and the board.
// StatusBadge and LabelChips live in status-badges.tsx.

const TYPE: Record<TFeedbackType, { tone: Tone; icon: LucideIcon }> = {
  bug: { tone: "danger", icon: Bug },
  idea: { tone: "info", icon: Lightbulb },
  question: { tone: "neutral", icon: CircleHelp },
  praise: { tone: "success", icon: Heart },
};

// Severity also reads by shape: chevrons point up for the urgent end and down for the rest.
const SEVERITY: Record<TFeedbackSeverity, { tone: Tone; icon: LucideIcon }> = {
  critical: { tone: "danger", icon: ChevronsUp },
  high: { tone: "warning", icon: ChevronUp },
  medium: { tone: "neutral", icon: ChevronDown },
  low: { tone: "neutral", icon: ChevronsDown },
};

export function Chip({ tone, icon: Icon, label, kind, value, title }: { tone: Tone; icon: LucideIcon; label: string; kind: string; value: string; title?: string }) {
  return (
    <span
      data-feedback-badge={kind}
      data-value={value}
      title={title}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${toneClasses[tone]}`}
    >
      <Icon aria-hidden="true" className="size-3.5 shrink-0" />
      {label}
    </span>
  );
}

export function TypeBadge({ value }: { value: TFeedbackType }) {
  const t = TYPE[value] ?? TYPE.question;
  return <Chip kind="type" value={value} tone={t.tone} icon={t.icon} label={TYPE_LABEL[value] ?? value} />;
}

/** `null` is an item nobody has rated yet: said in words, so an empty cell is never mistaken for "low". */
export function SeverityBadge({ value }: { value: TFeedbackSeverity | null }) {
  if (!value) return <Chip kind="severity" value="none" tone="neutral" icon={CircleDashed} label="No severity" />;
  const s = SEVERITY[value] ?? SEVERITY.low;
  return <Chip kind="severity" value={value} tone={s.tone} icon={s.icon} label={SEVERITY_LABEL[value] ?? value} />;
}
