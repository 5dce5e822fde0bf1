"use client";

import { Bot, ExternalLink, Link2, StickyNote, Trash2 } from "lucide-react";
import { useState } from "react";
import dynamic from "next/dynamic";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { RelativeTime } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import { deleteEvidence, type TItemDetail } from "@/lib/queries/launch";
import { Tag } from "./labels";
import { useRefreshLaunch } from "./use-launch";

// The add form is for members and up, and below the list: it loads in its own chunk (the page stays in its JS budget).
const EvidenceForm = dynamic(() => import("./item-evidence-form").then((m) => m.EvidenceForm), { ssr: false });

const box = "rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";

/** Proof that the item is true: links (opened in a new tab), notes, and what T-Minus measured itself. */
export function ItemEvidence({ projectId, item, canWork }: { projectId: string; item: TItemDetail; canWork: boolean }) {
  const toast = useToast();
  const refresh = useRefreshLaunch(projectId);
  const [error, setError] = useState<unknown>(null);

  async function remove(evidenceId: string) {
    setError(null);
    try {
      await deleteEvidence(projectId, item.id, evidenceId);
      toast({ message: `Removed the evidence from ${item.ref}.` });
      await refresh();
      document.getElementById("evidence-heading")?.focus();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section aria-labelledby="evidence-heading" className={box}>
      <h2 id="evidence-heading" tabIndex={-1} className="mb-3 text-base font-semibold">
        Evidence <span className="text-sm font-normal tabular-nums text-zinc-600 dark:text-zinc-400">({item.evidence.length})</span>
      </h2>
      {item.evidence.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No evidence yet. {canWork ? "Add a link to a run, a doc or a dashboard, or a note on what you checked." : "Members add links and notes here as they work."}</p>
      ) : (
        <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="evidence-list">
          {item.evidence.map((ev) => (
            <li key={ev.id} className="flex items-start justify-between gap-3 py-2">
              <div className="min-w-0 space-y-1">
                <p className="flex flex-wrap items-center gap-2">
                  {ev.kind === "auto" ? (
                    <Tag tone="info" icon={Bot}>
                      T-Minus
                    </Tag>
                  ) : ev.kind === "link" ? (
                    <Link2 aria-label="Link" className="size-4 shrink-0" />
                  ) : (
                    <StickyNote aria-label="Note" className="size-4 shrink-0" />
                  )}
                  {ev.url && (
                    <a href={ev.url} target="_blank" rel="noopener noreferrer" className="inline-flex min-w-0 items-center gap-1 break-all font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
                      {ev.text && ev.kind === "link" ? ev.text : ev.url}
                      <ExternalLink aria-hidden="true" className="size-3.5 shrink-0" />
                      <span className="sr-only"> (opens in a new tab)</span>
                    </a>
                  )}
                </p>
                {ev.text && !(ev.kind === "link" && ev.url) && <p className="whitespace-pre-line break-words">{ev.text}</p>}
                <p className="text-xs text-zinc-600 dark:text-zinc-400">
                  {ev.kind === "auto" ? "Measured by T-Minus" : ev.addedBy} · <RelativeTime iso={ev.createdAt} />
                </p>
              </div>
              {canWork && ev.kind !== "auto" && (
                <Button variant="ghost" className="shrink-0" onClick={() => void remove(ev.id)} aria-label={`Remove the ${ev.kind} ${ev.url ?? ev.text.slice(0, 40)}`}>
                  <Trash2 aria-hidden="true" className="size-4" />
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {error !== null && <ErrorText error={error} fallback="The evidence was not removed. Try again." />}
      {canWork && <EvidenceForm projectId={projectId} item={item} />}
    </section>
  );
}
