"use client";

import { Circle, CircleCheck, CircleDot } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { controlClass } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/time";
import type { TFeedbackDetail, TFeedbackSummary, TFeedbackTriage } from "@/lib/queries/feedback";
import { FLOW, STATUS_LABEL, isFlow, type TFlowStatus } from "../labels";

export type ReleaseOption = { id: string; version: string; title: string; createdAt: string };
type Apply = (targets: TFeedbackSummary[], change: TFeedbackTriage) => Promise<void>;

const box = "rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";

/** Where an accepted item stands (accepted → planned → in progress → fixed → released) and, for the team, the moves. */
export function StatusFlow({ item, releases, canTriage, apply }: { item: TFeedbackDetail; releases: ReleaseOption[]; canTriage: boolean; apply: Apply }) {
  const id = useId();
  const at = isFlow(item.status) ? FLOW.indexOf(item.status) : -1;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function move(status: TFlowStatus, releaseId?: string | null) {
    if (busy) return;
    setBusy(status);
    setError(null);
    try {
      await apply([item], { action: "status", status, ...(releaseId !== undefined ? { releaseId } : {}) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }
  return (
    <section aria-labelledby={`${id}-h`} className={box}>
      <h2 id={`${id}-h`} className="mb-3 text-base font-semibold">
        Progress
      </h2>
      {at < 0 ? (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          {item.status === "new"
            ? "Once accepted, the item moves through planned, in progress and fixed; it becomes released when the release that fixed it reaches production."
            : `${STATUS_LABEL[item.status]}: it is off the board.${item.status === "declined" || item.status === "duplicate" ? " Reopen it to bring it back to the inbox." : ""}`}
        </p>
      ) : (
        <>
          <ol className="flex flex-wrap gap-x-1 gap-y-2 text-sm">
            {FLOW.map((s, i) => {
              const state = i < at ? "done" : i === at ? "current" : "to come";
              const Icon = i < at ? CircleCheck : i === at ? CircleDot : Circle;
              return (
                <li key={s} aria-current={i === at ? "step" : undefined} className="inline-flex items-center gap-1">
                  <span className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 ${i === at ? "bg-indigo-50 font-semibold text-indigo-900 ring-1 ring-inset ring-indigo-600/40 dark:bg-indigo-950 dark:text-indigo-100 dark:ring-indigo-400/40" : "text-zinc-700 dark:text-zinc-300"}`}>
                    <Icon aria-hidden="true" className="size-4" />
                    {STATUS_LABEL[s]}
                    <span className="sr-only"> ({state})</span>
                  </span>
                  {i < FLOW.length - 1 && <span aria-hidden="true" className="text-zinc-500 dark:text-zinc-400">→</span>}
                </li>
              );
            })}
          </ol>
          {canTriage && item.status !== "released" && (
            <div className="mt-4 space-y-3">
              <div role="group" aria-label="Move to" className="flex flex-wrap gap-2">
                {(["accepted", "planned", "in_progress"] as const)
                  .filter((s) => s !== item.status)
                  .map((s) => (
                    <Button key={s} variant="secondary" busy={busy === s} onClick={() => void move(s)}>
                      {FLOW.indexOf(s) < at ? `Back to ${STATUS_LABEL[s].toLowerCase()}` : `Move to ${STATUS_LABEL[s].toLowerCase()}`}
                    </Button>
                  ))}
              </div>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  // Read from the form (not state): a choice made before the page finished loading still counts.
                  const release = new FormData(e.currentTarget).get("release");
                  void move("fixed", typeof release === "string" && release ? release : null);
                }}
                className="flex flex-wrap items-end gap-2"
              >
                <div className="min-w-48 flex-1 space-y-1.5">
                  <label htmlFor={`${id}-release`} className="block text-sm font-medium">
                    Fixed in release
                  </label>
                  <select id={`${id}-release`} name="release" key={item.fixedIn?.id ?? ""} defaultValue={item.fixedIn?.id ?? ""} aria-describedby={`${id}-release-desc`} className={controlClass}>
                    <option value="">Not known yet</option>
                    {releases.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.version}
                        {r.title ? ` — ${r.title}` : ""}
                      </option>
                    ))}
                  </select>
                </div>
                <Button type="submit" variant="secondary" busy={busy === "fixed"}>
                  {item.status === "fixed" ? "Save the release" : "Mark fixed"}
                </Button>
                <p id={`${id}-release-desc`} className="w-full text-xs text-zinc-600 dark:text-zinc-400">
                  Released is set by T-Minus, not by hand: when this release reaches production (a successful deployment to a production target), the item becomes released and its reporters hear about it. A release whose notes mention {item.ref} marks it fixed by itself.
                </p>
              </form>
              {error !== null && <ErrorText error={error} fallback="The status was not changed. Try again." />}
            </div>
          )}
          {item.status === "fixed" && (
            <p className="mt-3 text-sm text-zinc-700 dark:text-zinc-300">
              {item.fixedIn ? (
                <>
                  It becomes released by itself when <span className="font-mono">{item.fixedIn.version}</span> reaches production.
                </>
              ) : (
                "Fixed, release not named yet: name it so the item becomes released when that release reaches production."
              )}
            </p>
          )}
          {item.status === "released" && item.fixedIn && (
            <p className="mt-3 text-sm text-zinc-700 dark:text-zinc-300">
              Released: <span className="font-mono">{item.fixedIn.version}</span> is live in production.
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** When the item was received, triaged, fixed and released. */
export function Activity({ item }: { item: TFeedbackDetail }) {
  const rows: [string, string | null, string?][] = [
    ["Received", item.createdAt],
    ["Triaged", item.triagedAt],
    ["Fixed", item.fixedAt, item.fixedIn ? `in ${item.fixedIn.version}` : undefined],
    ["Released", item.releasedAt],
    ["Last change", item.updatedAt],
  ];
  return (
    <section aria-labelledby="activity-heading" className={box}>
      <h2 id="activity-heading" className="mb-3 text-base font-semibold">
        Activity
      </h2>
      <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
        {rows.map(([label, iso, note]) => (
          <div key={label} className="contents">
            <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
            <dd>
              {iso ? <RelativeTime iso={iso} /> : <span className="text-zinc-600 dark:text-zinc-400">Not yet</span>}
              {iso && note ? <span className="font-mono text-xs"> {note}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
