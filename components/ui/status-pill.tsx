import { Spinner } from "./button";

export type Tone = "success" | "danger" | "warning" | "info" | "neutral";

const tones: Record<Tone, string> = {
  success: "bg-emerald-50 text-emerald-800 ring-emerald-700/30 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-400/30",
  danger: "bg-red-50 text-red-800 ring-red-700/30 dark:bg-red-950 dark:text-red-200 dark:ring-red-400/30",
  warning: "bg-amber-50 text-amber-900 ring-amber-700/30 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-400/30",
  info: "bg-sky-50 text-sky-900 ring-sky-700/30 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-400/30",
  neutral: "bg-zinc-100 text-zinc-800 ring-zinc-600/30 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-400/30",
};

const paths: Record<Tone, string> = {
  info: "M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm.75 4v3.7l2.6 2.6-1.06 1.06-3.04-3.04V6h1.5Z",
  success: "M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z",
  danger: "M5.3 5.3a1 1 0 0 1 1.4 0L10 8.6l3.3-3.3a1 1 0 1 1 1.4 1.4L11.4 10l3.3 3.3a1 1 0 0 1-1.4 1.4L10 11.4l-3.3 3.3a1 1 0 0 1-1.4-1.4L8.6 10 5.3 6.7a1 1 0 0 1 0-1.4Z",
  warning: "M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm-.75 3.5h1.5v6h-1.5v-6Zm0 7.5h1.5v1.5h-1.5V13Z",
  neutral: "M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm0 2a6 6 0 1 1 0 12 6 6 0 0 1 0-12Z",
};

/** Status as icon plus text, never colour alone. */
export function StatusPill({ tone, label, spinning }: { tone: Tone; label: string; spinning?: boolean }) {
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${tones[tone]}`}>
      {spinning ? (
        <Spinner className="size-3.5" />
      ) : (
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-3.5" fill="currentColor">
          <path fillRule="evenodd" d={paths[tone]} />
        </svg>
      )}
      {label}
    </span>
  );
}

export function Badge({ children, tone = "neutral" }: { children: React.ReactNode; tone?: Tone }) {
  return <span className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>{children}</span>;
}
