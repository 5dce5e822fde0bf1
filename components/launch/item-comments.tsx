"use client";

import dynamic from "next/dynamic";
import { Markdown } from "@/components/deployments/markdown";
import { RelativeTime } from "@/components/ui/time";
import type { TItemDetail } from "@/lib/queries/launch";

// The comment box loads in its own chunk (members and up only), keeping the item page within its JS budget.
const CommentForm = dynamic(() => import("./item-comment-form").then((m) => m.CommentForm), { ssr: false });

const box = "rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";

/** The conversation on an item, oldest first, in Markdown rendered as React elements (never HTML). */
export function ItemComments({ projectId, item, canWork }: { projectId: string; item: TItemDetail; canWork: boolean }) {
  return (
    <section aria-labelledby="comments-heading" className={box}>
      <h2 id="comments-heading" tabIndex={-1} className="mb-3 text-base font-semibold">
        Comments <span className="text-sm font-normal tabular-nums text-zinc-600 dark:text-zinc-400">({item.comments.length})</span>
      </h2>
      {item.comments.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No comments yet.</p>
      ) : (
        <ol className="space-y-4">
          {item.comments.map((c) => (
            <li key={c.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400">
                <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{c.author}</strong> · <RelativeTime iso={c.createdAt} />
              </p>
              <Markdown text={c.body} headingLevel={4} />
            </li>
          ))}
        </ol>
      )}
      {canWork && <CommentForm projectId={projectId} item={item} />}
    </section>
  );
}

const automated = (actor: string) => actor === "T-Minus" || actor.startsWith("system");

/** What happened to the item, newest first, as sentences; automated ticks fold away. */
export function ItemActivity({ activity }: { activity: TItemDetail["activity"] }) {
  const newest = [...activity].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const people = newest.filter((a) => !automated(a.actor));
  const auto = newest.filter((a) => automated(a.actor));
  const row = (a: (typeof newest)[number]) => (
    <li key={a.id} className="text-sm">
      {a.text.startsWith(a.actor) ? (
        a.text
      ) : (
        <>
          <strong className="font-semibold">{a.actor}</strong> {a.text}
        </>
      )}{" "}
      <span className="text-xs text-zinc-600 dark:text-zinc-400">· <RelativeTime iso={a.createdAt} /></span>
    </li>
  );
  return (
    <section aria-labelledby="activity-heading" className={box}>
      <h2 id="activity-heading" className="mb-3 text-base font-semibold">
        Activity
      </h2>
      {newest.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing has happened to this item yet.</p> : <ol className="space-y-2">{people.map(row)}</ol>}
      {auto.length > 0 && (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium text-zinc-700 dark:text-zinc-300">
            {auto.length} automated {auto.length === 1 ? "entry" : "entries"} by T-Minus
          </summary>
          <ol className="mt-2 space-y-2">{auto.map(row)}</ol>
        </details>
      )}
    </section>
  );
}
