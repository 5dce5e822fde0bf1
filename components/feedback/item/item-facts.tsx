"use client";

import { ExternalLink, ThumbsUp } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { RelativeTime } from "@/components/ui/time";
import type { TFeedbackDetail } from "@/lib/queries/feedback";
import { LabelChips, StatusBadge } from "../status-badges";
import { SOURCE_LABEL } from "../labels";
import { linkClass } from "./item-detail";
import { percent } from "./triage";

// Below the report: who sent it and from where, and the likely duplicates. In their own chunk (loaded after the
// report itself) to keep the pages' first-load JavaScript within budget.

const dt = "text-zinc-600 dark:text-zinc-400";

/** A link that leaves T-Minus (a reporter's page, a GitHub issue): says so, and passes nothing along. */
export function OutLink({ href, children, mono }: { href: string; children: ReactNode; mono?: boolean }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow ugc" className={`${linkClass} ${mono ? "break-all font-mono text-xs" : ""}`}>
      {children}
      <ExternalLink aria-hidden="true" className="ml-1 inline size-3.5 align-[-2px]" />
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}

function metaEntries(meta: Record<string, unknown>) {
  return Object.entries(meta).filter((e): e is [string, string | number | boolean] => ["string", "number", "boolean"].includes(typeof e[1]));
}

/** Who reported it, from where, and the context the form or widget captured. */
export function ItemFacts({ item, projectSlug }: { item: TFeedbackDetail; projectSlug: string }) {
  const meta = metaEntries(item.meta);
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-3 text-sm sm:grid-cols-[8rem_minmax(0,1fr)]">
      <dt className={dt}>Reported by</dt>
      <dd className="min-w-0">
        {item.reporters.length === 0 ? (
          <span>Anonymous (no name or e-mail left)</span>
        ) : (
          <ul className="space-y-1">
            {item.reporters.map((r, i) => (
              <li key={`${r.email ?? ""}-${r.createdAt}-${i}`} className="break-words">
                {r.name || r.email ? (
                  <>
                    {r.name && <span className="font-medium">{r.name}</span>}
                    {r.name && r.email && " "}
                    {r.email && <span className="break-all font-mono text-xs">{r.name ? `<${r.email}>` : r.email}</span>}
                  </>
                ) : (
                  <span>Anonymous</span>
                )}
                <span className="text-zinc-600 dark:text-zinc-400">
                  {" "}
                  · {SOURCE_LABEL[r.source]} · <RelativeTime iso={r.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt className={dt}>Source</dt>
      <dd className="min-w-0">
        {SOURCE_LABEL[item.source]}
        {item.externalUrl && (
          <>
            {" · "}
            <OutLink href={item.externalUrl}>{item.source === "github" ? "Open on GitHub" : item.source === "discord" ? "Open in Discord" : "Open the original"}</OutLink>
          </>
        )}
      </dd>
      <dt className={dt}>Received</dt>
      <dd>
        <RelativeTime iso={item.createdAt} />
      </dd>
      {item.pageUrl && (
        <>
          <dt className={dt}>Page</dt>
          <dd className="min-w-0">
            <OutLink href={item.pageUrl} mono>
              {item.pageUrl}
            </OutLink>
          </dd>
        </>
      )}
      {(item.userAgent || meta.length > 0) && (
        <>
          <dt className={dt}>Browser</dt>
          <dd className="min-w-0 space-y-1">
            {item.userAgent && <p className="break-all font-mono text-xs">{item.userAgent}</p>}
            {meta.length > 0 && (
              <p className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-700 dark:text-zinc-300">
                {meta.map(([k, v]) => (
                  <span key={k}>
                    {k}: <span className="font-mono">{String(v)}</span>
                  </span>
                ))}
              </p>
            )}
          </dd>
        </>
      )}
      <dt className={dt}>Labels</dt>
      <dd>{item.labels.length ? <LabelChips labels={item.labels} /> : <span className="text-zinc-600 dark:text-zinc-400">None</span>}</dd>
      <dt className={dt}>Assignee</dt>
      <dd>{item.assignee ? item.assignee.name : <span className="text-zinc-600 dark:text-zinc-400">Nobody yet</span>}</dd>
      {item.duplicateOf && (
        <>
          <dt className={dt}>Duplicate of</dt>
          <dd className="min-w-0">
            <Link href={`/projects/${projectSlug}/feedback/${item.duplicateOf.ref}`} className={linkClass}>
              <span className="font-mono">{item.duplicateOf.ref}</span> {item.duplicateOf.title}
            </Link>
          </dd>
        </>
      )}
      {item.fixedIn && (
        <>
          <dt className={dt}>Fixed in</dt>
          <dd>
            <Link href={`/projects/${projectSlug}/releases`} className={`${linkClass} font-mono`}>
              {item.fixedIn.version}
            </Link>
          </dd>
        </>
      )}
      {item.declineReason && (
        <>
          <dt className={dt}>Declined because</dt>
          <dd className="whitespace-pre-wrap break-words">{item.declineReason}</dd>
        </>
      )}
    </dl>
  );
}

/** The likely originals (shown while the item waits for triage): the person decides, T-Minus only suggests. */
export function Suggestions({ item, projectSlug, onDuplicate, busy }: { item: TFeedbackDetail; projectSlug: string; onDuplicate?: (s: TFeedbackDetail["suggestions"][number]) => void; busy?: boolean }) {
  if (!item.suggestions.length) return null;
  return (
    <section aria-labelledby={`suggest-${item.id}`} className="space-y-2">
      <h3 id={`suggest-${item.id}`} className="text-sm font-semibold">
        Possible duplicates
      </h3>
      <ul className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {item.suggestions.map((s) => (
          <li key={s.id} className="flex flex-col gap-2 px-3 py-2 text-sm sm:flex-row sm:items-center">
            <div className="min-w-0 flex-1">
              <Link href={`/projects/${projectSlug}/feedback/${s.ref}`} className={linkClass}>
                <span className="font-mono">{s.ref}</span> {s.title}
              </Link>
              <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
                <span className="font-semibold tabular-nums text-zinc-900 dark:text-zinc-100">{percent(s.score)} alike</span>
                <StatusBadge value={s.status} />
                <span className="inline-flex items-center gap-1 tabular-nums">
                  <ThumbsUp aria-hidden="true" className="size-3.5" />
                  {s.voteCount === 1 ? "1 vote" : `${s.voteCount} votes`}
                </span>
              </p>
            </div>
            {onDuplicate && (
              <button
                type="button"
                onClick={() => !busy && onDuplicate(s)}
                aria-disabled={busy || undefined}
                className="shrink-0 self-start rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm font-medium hover:bg-zinc-100 aria-disabled:cursor-wait aria-disabled:opacity-60 sm:self-center dark:border-zinc-600 dark:bg-zinc-900 dark:hover:bg-zinc-800"
              >
                Duplicate of {s.ref}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
