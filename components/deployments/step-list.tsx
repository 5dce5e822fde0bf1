import { CircleCheck, CircleMinus, CircleX } from "lucide-react";
import { Spinner } from "@/components/ui/button";
import { formatDuration } from "@/components/ui/format";
import { RelativeTime } from "@/components/ui/time";
import type { TDeployment } from "@/lib/queries/deployments";

type Step = TDeployment["steps"][number];

const STEP_STATUS: Record<Step["status"], { word: string; className: string }> = {
  running: { word: "In progress", className: "text-sky-800 dark:text-sky-300" },
  succeeded: { word: "Done", className: "text-emerald-800 dark:text-emerald-300" },
  failed: { word: "Failed", className: "text-red-800 dark:text-red-300" },
  skipped: { word: "Skipped", className: "text-zinc-600 dark:text-zinc-400" },
};

function StepIcon({ status }: { status: Step["status"] }) {
  const cls = "size-5 shrink-0";
  if (status === "running") return <Spinner className={`${cls} text-sky-700 dark:text-sky-300`} />;
  if (status === "succeeded") return <CircleCheck aria-hidden="true" className={`${cls} text-emerald-700 dark:text-emerald-400`} />;
  if (status === "failed") return <CircleX aria-hidden="true" className={`${cls} text-red-700 dark:text-red-400`} />;
  return <CircleMinus aria-hidden="true" className={`${cls} text-zinc-500 dark:text-zinc-400`} />;
}

/** The deployment's steps as a progress list: icon and word for each status, its detail, when and how long. */
export function StepList({ steps, compact }: { steps: Step[]; compact?: boolean }) {
  if (!steps.length) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No steps recorded yet.</p>;
  return (
    <ol aria-label="Steps" className="space-y-0">
      {steps.map((s, i) => {
        const st = STEP_STATUS[s.status];
        const last = i === steps.length - 1;
        return (
          <li key={`${s.name}-${i}`} aria-current={s.status === "running" ? "step" : undefined} className="relative flex gap-3 pb-4 last:pb-0">
            {!last && <span aria-hidden="true" className="absolute left-2.5 top-6 h-[calc(100%-1.5rem)] w-px bg-zinc-300 dark:bg-zinc-700" />}
            <StepIcon status={s.status} />
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
                <span className="font-semibold">{s.label}</span>
                <span className={`text-xs font-semibold ${st.className}`}>{st.word}</span>
                {!compact && (
                  <span className="text-xs text-zinc-600 dark:text-zinc-400">
                    <RelativeTime iso={s.startedAt} />
                    {s.finishedAt && Date.parse(s.finishedAt) - Date.parse(s.startedAt) >= 1000 && <> · took {formatDuration(Date.parse(s.finishedAt) - Date.parse(s.startedAt))}</>}
                  </span>
                )}
              </p>
              {s.detail && <p className="mt-0.5 break-words text-sm text-zinc-700 dark:text-zinc-300">{s.detail}</p>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
