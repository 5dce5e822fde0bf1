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
