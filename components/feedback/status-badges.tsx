import {
  Archive, CalendarClock, CircleCheck, CircleDot, Copy, Hammer, Inbox, LucideIcon, Rocket, ShieldAlert, ThumbsDown, Tag,
} from "lucide-react";
import type { Tone } from "@/components/ui/status-pill";
import { Chip } from "./badges";
import { STATUS_LABEL, type TFeedbackStatus } from "./labels";

// Status chips and label chips: apart from the type and severity badges, so pages that show neither (the sprint board,
// the public board) do not carry their icons (JS budget).

const STATUS: Record<TFeedbackStatus, { tone: Tone; icon: LucideIcon }> = {
  new: { tone: "info", icon: Inbox },
  accepted: { tone: "neutral", icon: CircleDot },
  planned: { tone: "neutral", icon: CalendarClock },
  in_progress: { tone: "warning", icon: Hammer },
  fixed: { tone: "success", icon: CircleCheck },
  released: { tone: "success", icon: Rocket },
  declined: { tone: "neutral", icon: ThumbsDown },
  duplicate: { tone: "neutral", icon: Copy },
  spam: { tone: "warning", icon: ShieldAlert },
};

export function StatusBadge({ value }: { value: TFeedbackStatus }) {
  const s = STATUS[value] ?? { tone: "neutral" as Tone, icon: Archive };
  return <Chip kind="status" value={value} tone={s.tone} icon={s.icon} label={STATUS_LABEL[value] ?? value} />;
}

/** An item's labels as chips with a tag icon. */
export function LabelChips({ labels }: { labels: string[] }) {
  if (!labels.length) return null;
  return (
    <ul aria-label="Labels" className="inline-flex flex-wrap gap-1">
      {labels.map((l) => (
        <li key={l} className="inline-flex items-center gap-1 rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-800 ring-1 ring-inset ring-zinc-600/20 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-400/30">
          <Tag aria-hidden="true" className="size-3" />
          {l}
        </li>
      ))}
    </ul>
  );
}
