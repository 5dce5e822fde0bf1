"use client";

import { Maximize2 } from "lucide-react";
import Link from "next/link";
import { ErrorText } from "@/components/ui/error-text";
import type { TFeedbackDetail, TFeedbackSummary } from "@/lib/queries/feedback";
import { ItemBody, ItemFacts, ItemHeading, linkClass, Suggestions } from "./item-detail";
import { TriageBar } from "./triage-bar";
import type { useTriageActions } from "./use-triage-actions";
import { VoteButton } from "./vote-button";

type Triage = ReturnType<typeof useTriageActions>;

/** The item beside the inbox list (wide screens): what the full page has, less the conversation and the progress. */
export function ItemPane({ projectId, projectSlug, summary, detail, error, canTriage, triage }: { projectId: string; projectSlug: string; summary: TFeedbackSummary; detail: TFeedbackDetail | undefined; error: unknown; canTriage: boolean; triage: Triage }) {
  const titleId = `pane-title-${summary.id}`;
  // The summary is shown at once (keys stay quick); the detail fills in when it arrives.
  const item = detail && detail.id === summary.id ? { ...detail, ...summary } : null;
  return (
    <article aria-labelledby={titleId} className="space-y-5 rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="feedback-pane">
      <div className="flex items-start justify-between gap-3">
        <ItemHeading item={summary} level={2} titleId={titleId} />
        <Link href={`/projects/${projectSlug}/feedback/${summary.ref}`} className={`${linkClass} inline-flex shrink-0 items-center gap-1 text-sm`} aria-keyshortcuts="o">
          <Maximize2 aria-hidden="true" className="size-4" />
          Full page<span className="sr-only"> of {summary.ref}</span>
        </Link>
      </div>
      {canTriage && <TriageBar item={summary} onAct={(a) => triage.act(a, [summary])} busy={triage.busy} />}
      {item ? (
        <>
          <ItemBody body={item.body} />
          <div className="flex flex-wrap items-center gap-3">
            <VoteButton projectId={projectId} item={item} />
          </div>
          <Suggestions
            item={item}
            projectSlug={projectSlug}
            busy={triage.busy !== null}
            onDuplicate={canTriage ? (s) => triage.run([summary], { action: "duplicate", duplicateOfId: s.id }, { duplicateOfRef: s.ref }) : undefined}
          />
          <ItemFacts item={item} projectSlug={projectSlug} />
        </>
      ) : error ? (
        <ErrorText error={error} fallback={`${summary.ref} could not be loaded. Open its full page, or reload to try again.`} />
      ) : (
        <>
          {summary.excerpt && <p className="whitespace-pre-wrap break-words text-sm text-zinc-700 dark:text-zinc-300">{summary.excerpt}</p>}
          <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
            Loading the details…
          </p>
        </>
      )}
    </article>
  );
}
