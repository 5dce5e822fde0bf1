import { Circle, CircleCheck, CircleX, Clock, TriangleAlert, type LucideIcon } from "lucide-react";
import { Spinner } from "./button";

export type Tone = "success" | "danger" | "warning" | "info" | "neutral";

export const toneClasses: Record<Tone, string> = {
  success: "bg-emerald-50 text-emerald-800 ring-emerald-700/30 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-400/30",
  danger: "bg-red-50 text-red-800 ring-red-700/30 dark:bg-red-950 dark:text-red-200 dark:ring-red-400/30",
  warning: "bg-amber-50 text-amber-900 ring-amber-700/30 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-400/30",
  info: "bg-sky-50 text-sky-900 ring-sky-700/30 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-400/30",
  neutral: "bg-zinc-100 text-zinc-800 ring-zinc-600/30 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-400/30",
};

const icons: Record<Tone, LucideIcon> = { info: Clock, success: CircleCheck, danger: CircleX, warning: TriangleAlert, neutral: Circle };

/** Status as icon plus text, never colour alone. */
export function StatusPill({ tone, label, spinning }: { tone: Tone; label: string; spinning?: boolean }) {
  const Icon = icons[tone];
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${toneClasses[tone]}`}>
      {spinning ? <Spinner className="size-3.5" /> : <Icon aria-hidden="true" className="size-3.5" />}
      {label}
    </span>
  );
}

export function Badge({ children, tone = "neutral" }: { children: React.ReactNode; tone?: Tone }) {
  return <span className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${toneClasses[tone]}`}>{children}</span>;
}
