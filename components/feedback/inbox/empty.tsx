"use client";

import { PartyPopper } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { InboxView } from "./params";

const link = "font-medium text-indigo-700 underline underline-offset-2 hover:no-underline dark:text-indigo-300";

/** Where feedback comes from, for an empty inbox: the public form to share, and the widget and sources to set up. */
function Collect({ projectSlug, canManage }: { projectSlug: string; canManage: boolean }) {
  const hydrated = useHydrated();
  const path = `/feedback/${projectSlug}`;
  const settings = `/projects/${projectSlug}/feedback/settings`;
  return (
    <div className="mx-auto mt-4 max-w-lg space-y-3 text-left text-sm text-zinc-700 dark:text-zinc-300">
      <p>To hear from more users:</p>
      <ol className="list-decimal space-y-3 pl-5">
        <li>
          Share the public form:{" "}
          <a href={path} className={`${link} break-all font-mono`}>
            {path}
          </a>
          <span className="mt-2 block">{hydrated && <CopyButton value={`${window.location.origin}${path}`} label="Copy the form link" />}</span>
        </li>
        <li>
          {canManage ? (
            <>
              Embed the widget on your site, or connect GitHub issues and a Discord command, in{" "}
              <Link href={settings} className={link}>
                Feedback settings
              </Link>
              .
            </>
          ) : (
            "Ask a project admin to embed the widget on your site or connect GitHub and Discord (in Feedback settings)."
          )}
        </li>
      </ol>
    </div>
  );
}

/** What an empty list means in each view, and what to do next. */
export function EmptyInbox({ view, filtered, onClear, onView, projectSlug, canManage }: { view: InboxView; filtered: boolean; onClear: () => void; onView: (v: InboxView) => void; projectSlug: string; canManage: boolean }) {
  if (filtered)
    return (
      <EmptyState title="Nothing matches" action={<Button variant="secondary" onClick={onClear}>Clear filters</Button>}>
        No item in this view matches the search and filters. Try other words (search reads titles and details; FB-12 finds one item), or clear the filters.
      </EmptyState>
    );
  if (view === "inbox")
    return (
      <div className="rounded-lg border border-dashed border-zinc-300 px-6 py-10 text-center dark:border-zinc-700" data-testid="inbox-zero">
        <PartyPopper aria-hidden="true" className="mx-auto size-8 text-indigo-700 dark:text-indigo-300" />
        <h3 className="mt-2 text-base font-semibold">Inbox zero</h3>
        <p className="mx-auto mt-1 max-w-md text-sm text-zinc-600 dark:text-zinc-400">
          Nothing waits for triage. New reports appear here as they arrive, without a reload. Meanwhile, move accepted items along in{" "}
          <button type="button" onClick={() => onView("open")} className={link}>
            Open
          </button>
          .
        </p>
        <Collect projectSlug={projectSlug} canManage={canManage} />
      </div>
    );
  const text: Record<Exclude<InboxView, "inbox">, [string, string]> = {
    open: ["Nothing open", "Accepted items stay here while they are planned, worked on and fixed. Accept items from the inbox to fill it."],
    snoozed: ["Nothing snoozed", "Snooze an item in the inbox (s) to put it away until a day you choose; it comes back by itself."],
    spam: ["No spam", "Items that look like spam (a hidden field filled in, many links, too many from one sender) land here for a person to review. Nothing is dropped silently."],
    all: ["No feedback yet", "Every item from every source shows here, whatever its status."],
  };
  const [title, body] = text[view];
  return (
    <EmptyState title={title}>
      {body}
      {view === "all" && <Collect projectSlug={projectSlug} canManage={canManage} />}
    </EmptyState>
  );
}
