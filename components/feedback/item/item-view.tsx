"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Copy, Keyboard } from "lucide-react";
import Link from "next/link";
import { lazy, Suspense, useEffect, useEffectEvent, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { feedbackKeys, toSummary, useFeedbackItem, type TFeedbackDetail, type TFeedbackSummary } from "@/lib/queries/feedback";
import type { TMember } from "@/lib/queries/members";
import { actionFor, ariaKeys, type InboxAction } from "../inbox/keys";
import { Comments } from "./comments";
import { ItemBody, ItemFacts, ItemHeading, linkClass, Suggestions } from "./item-detail";
import { Activity, StatusFlow, type ReleaseOption } from "./status-flow";
import { TriageBar } from "./triage-bar";
import { useTriageActions, type Me } from "./use-triage-actions";
import { VoteButton } from "./vote-button";

const ShortcutsDialog = lazy(() => import("../inbox/shortcuts-dialog").then((m) => ({ default: m.ShortcutsDialog })));

const box = "rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";
/** The keys that mean something on an item's own page (no list to move through). */
const PAGE_KEYS: InboxAction[] = ["accept", "decline", "duplicate", "snooze", "severity-critical", "severity-high", "severity-medium", "severity-low", "labels", "assign", "spam", "undo", "help"];

type Props = { projectId: string; projectSlug: string; itemId: string; initial: TFeedbackDetail; canTriage: boolean; me: Me; members: TMember[]; releases: ReleaseOption[] };

/** One feedback item: what was reported and by whom, its progress to a release, votes, comments and merged duplicates. */
export function ItemView({ projectId, projectSlug, itemId, initial, canTriage, me, members, releases }: Props) {
  const queryClient = useQueryClient();
  const query = useFeedbackItem(projectId, itemId, initial);
  const item = query.data ?? initial;
  const summary: TFeedbackSummary = useMemo(() => toSummary(item), [item]);
  const titleId = "item-title";
  // Labels other items use, from any list this tab has loaded (the page itself loads none).
  const knownLabels = useMemo(() => {
    const all = queryClient.getQueriesData<{ pages: TFeedbackSummary[][] }>({ queryKey: feedbackKeys.lists(projectId) }).flatMap(([, d]) => d?.pages.flat().flatMap((r) => r.labels) ?? []);
    return [...new Set(all)].sort((a, b) => a.localeCompare(b));
  }, [queryClient, projectId]);
  const triage = useTriageActions({ projectId, me, members, knownLabels, fallbackFocus: () => document.getElementById(titleId)?.focus() });
  const [help, setHelp] = useState(false);
  const inbox = `/projects/${projectSlug}/feedback`;

  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || document.querySelector("dialog[open]")) return;
    const action = actionFor(e, canTriage);
    if (!action || !PAGE_KEYS.includes(action)) return;
    e.preventDefault();
    if (action === "help") setHelp(true);
    else triage.act(action, [summary]);
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Link href={inbox} className={`${linkClass} inline-flex items-center gap-1 text-sm`}>
          <ArrowLeft aria-hidden="true" className="size-4" />
          Feedback inbox
        </Link>
        <span className="hidden lg:contents">
          <Button variant="ghost" onClick={() => setHelp(true)} aria-haspopup="dialog" aria-keyshortcuts={ariaKeys("help")}>
            <Keyboard aria-hidden="true" className="size-4" />
            Keyboard shortcuts
          </Button>
        </span>
      </div>

      {query.error ? <ErrorText error={query.error} fallback="This item could not be refreshed; what you see may be out of date. Reload the page to try again." /> : null}

      {item.status === "duplicate" && item.duplicateOf && (
        <p role="note" className="flex flex-wrap items-center gap-2 rounded-md border border-sky-300 bg-sky-50 px-4 py-3 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100">
          <Copy aria-hidden="true" className="size-4 shrink-0" />
          <span>
            {item.ref} is a duplicate of{" "}
            <Link href={`${inbox}/${item.duplicateOf.ref}`} className={linkClass}>
              <span className="font-mono">{item.duplicateOf.ref}</span> {item.duplicateOf.title}
            </Link>
            ; its votes, reporters and comments moved there.
          </span>
        </p>
      )}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)] lg:items-start">
        <div className="min-w-0 space-y-6">
          <article aria-labelledby={titleId} className={`${box} space-y-5`}>
            <ItemHeading item={summary} level={1} titleId={titleId} />
            <div className="flex flex-wrap items-center gap-3">
              <VoteButton projectId={projectId} item={item} />
            </div>
            {canTriage ? (
              <TriageBar item={summary} onAct={(a) => triage.act(a, [summary])} busy={triage.busy} />
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">You can read and vote; members, approvers and admins triage.</p>
            )}
            <section aria-labelledby="report-heading" className="space-y-2">
              <h2 id="report-heading" className="text-sm font-semibold">
                What they reported
              </h2>
              <ItemBody body={item.body} />
            </section>
            <Suggestions
              item={item}
              projectSlug={projectSlug}
              busy={triage.busy !== null}
              onDuplicate={canTriage ? (s) => triage.run([summary], { action: "duplicate", duplicateOfId: s.id }, { duplicateOfRef: s.ref }) : undefined}
            />
          </article>
          <StatusFlow item={item} releases={releases} canTriage={canTriage} apply={triage.apply} />
          <Comments projectId={projectId} item={item} canComment={canTriage} />
        </div>
        <div className="min-w-0 space-y-6">
          <section aria-labelledby="facts-heading" className={box}>
            <h2 id="facts-heading" className="mb-3 text-base font-semibold">
              Details
            </h2>
            <ItemFacts item={item} projectSlug={projectSlug} />
          </section>
          <section aria-labelledby="merged-heading" className={box}>
            <h2 id="merged-heading" className="mb-2 text-base font-semibold">
              Duplicates merged into it <span className="text-sm font-normal tabular-nums text-zinc-600 dark:text-zinc-400">({item.duplicates.length})</span>
            </h2>
            {item.duplicates.length ? (
              <ul className="space-y-1 text-sm">
                {item.duplicates.map((d) => (
                  <li key={d.id}>
                    <Link href={`${inbox}/${d.ref}`} className={linkClass}>
                      <span className="font-mono">{d.ref}</span> {d.title}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">None. When an item is marked as a duplicate of this one, its votes, reporters and comments join here.</p>
            )}
          </section>
          <Activity item={item} />
        </div>
      </div>

      {triage.element}
      <Suspense fallback={null}>{help && <ShortcutsDialog onClose={() => setHelp(false)} canTriage={canTriage} only={PAGE_KEYS} where={`On ${item.ref}'s page.`} />}</Suspense>
    </div>
  );
}
