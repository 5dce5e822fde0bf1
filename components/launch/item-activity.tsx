"use client";

import { RelativeTime } from "@/components/ui/time";
import type { TItemDetail } from "@/lib/queries/launch";

const box = "rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";

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
