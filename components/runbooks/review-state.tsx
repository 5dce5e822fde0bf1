import { CircleAlert, CircleCheck, PencilLine } from "lucide-react";
import { RelativeTime } from "@/components/ui/time";
import type { TRunbookSummary } from "@/lib/queries/runbooks";

// A page's state in words and an icon (never colour alone): prompts left beat "review due", which beats "reviewed".
export function ReviewState({ page }: { page: Pick<TRunbookSummary, "openPrompts" | "reviewDue" | "reviewedAt" | "reviewedBy"> }) {
  if (page.openPrompts > 0) {
    return (
      <span className="inline-flex items-center gap-1 text-sm font-medium text-amber-800 dark:text-amber-300">
        <PencilLine aria-hidden="true" className="size-4" />
        {page.openPrompts} to fill in
      </span>
    );
  }
  if (!page.reviewedAt) {
    return (
      <span className="inline-flex items-center gap-1 text-sm font-medium text-amber-800 dark:text-amber-300">
        <CircleAlert aria-hidden="true" className="size-4" />
        Never reviewed
      </span>
    );
  }
  return (
    <span className={`inline-flex flex-wrap items-center gap-x-1 text-sm font-medium ${page.reviewDue ? "text-amber-800 dark:text-amber-300" : "text-emerald-800 dark:text-emerald-300"}`}>
      {page.reviewDue ? <CircleAlert aria-hidden="true" className="size-4" /> : <CircleCheck aria-hidden="true" className="size-4" />}
      {page.reviewDue ? "Review due · reviewed" : "Reviewed"} <RelativeTime iso={page.reviewedAt} />
      {page.reviewedBy && <span className="font-normal text-zinc-600 dark:text-zinc-400">by {page.reviewedBy}</span>}
    </span>
  );
}
