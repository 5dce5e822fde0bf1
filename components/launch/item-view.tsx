"use client";

import { useQuery } from "@tanstack/react-query";
import { Bot, CircleCheck, CircleHelp, CircleX, ExternalLink } from "lucide-react";
import Link from "next/link";
import dynamic from "next/dynamic";
import { Markdown } from "@/components/deployments/markdown";
import { ErrorText } from "@/components/ui/error-text";
import { RelativeTime } from "@/components/ui/time";
import { fetchItem, launchKeys, type TItemDetail, type TMember } from "@/lib/queries/launch";
import { ItemComments } from "./item-comments";
import { ItemEvidence } from "./item-evidence";
import { ItemTags } from "./labels";
import { StatusControl } from "./status-control";
import type { LaunchViewer } from "./use-launch";

// The right column's forms (sign-off and waiver, people and dates) load in their own chunks after the page: the
// page's first load stays within the JS budget, and the placeholders keep each section's heading in place.
const placeholder = (heading: string) =>
  function Loading() {
    return (
      <section aria-label={heading} className="rounded-lg border border-zinc-200 bg-white p-5 text-sm text-zinc-600 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
        Loading {heading.toLowerCase()}…
      </section>
    );
  };
const ItemSignOff = dynamic(() => import("./item-signoff").then((m) => m.ItemSignOff), { ssr: false, loading: placeholder("Sign-off and waiver") });
const ItemActivity = dynamic(() => import("./item-activity").then((m) => m.ItemActivity), { ssr: false, loading: placeholder("Activity") });
const ItemPeople = dynamic(() => import("./item-settings").then((m) => m.ItemPeople), { ssr: false, loading: placeholder("People and dates") });

// Only launch managers see the item's settings and its edit and delete dialogs (item-manage.tsx, item-edit.tsx): their
// code loads in a chunk of its own, outside the page's first load.
const ItemManage = dynamic(() => import("./item-manage").then((m) => m.ItemManage), { ssr: false, loading: placeholder("Gate settings") });

const box = "rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";

/** One checklist item: what it asks, who owns it, its proof, its sign-off or waiver, and what people said. */
export function ItemView({ projectId, launchHref, initial, viewer, members }: { projectId: string; launchHref: string; initial: TItemDetail; viewer: LaunchViewer; members: TMember[] }) {
  const { data: item = initial, error } = useQuery({ queryKey: launchKeys.item(projectId, initial.id), queryFn: () => fetchItem(projectId, initial.id), initialData: initial });
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <Link href={launchHref} className="inline-flex items-center gap-1 text-sm font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
          <span aria-hidden="true">←</span>
          Launch checklist
        </Link>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          <span className="font-mono">{item.ref}</span> · {item.section}
        </p>
        <h1 className="break-words text-2xl font-semibold tracking-tight">{item.title}</h1>
        <p className="flex flex-wrap gap-2">
          <ItemTags item={item} />
        </p>
        <p data-testid="item-state" className={`flex items-start gap-2 text-sm font-medium ${item.satisfied ? "text-emerald-800 dark:text-emerald-300" : "text-zinc-800 dark:text-zinc-200"}`}>
          {item.satisfied ? <CircleCheck aria-hidden="true" className="mt-0.5 size-4 shrink-0" /> : <CircleX aria-hidden="true" className="mt-0.5 size-4 shrink-0" />}
          {item.satisfied ? "Complete: counts towards readiness." : (item.problem ?? "Open.")}
        </p>
      </header>
      {error ? <ErrorText error={error} fallback="Live updates stopped: the item could not be refreshed. Reload the page to try again." /> : null}
      <div className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 space-y-6">
          <section aria-labelledby="description-heading" className={box}>
            <h2 id="description-heading" className="mb-2 text-base font-semibold">
              Description
            </h2>
            {item.description.trim() ? <Markdown text={item.description} /> : <p className="text-sm text-zinc-600 dark:text-zinc-400">No description. An approver or admin can add one in the settings.</p>}
          </section>
          {item.binding && <Binding binding={item.binding} />}
          <ItemEvidence projectId={projectId} item={item} canWork={viewer.canWork} />
          <ItemComments projectId={projectId} item={item} canWork={viewer.canWork} />
          <ItemActivity activity={item.activity} />
        </div>
        <div className="min-w-0 space-y-6">
          <section aria-labelledby="status-heading" className={box}>
            <h2 id="status-heading" className="mb-3 text-base font-semibold">
              Status
            </h2>
            <StatusControl projectId={projectId} item={item} canWork={viewer.canWork} label={`Status of ${item.ref}`} />
            {!viewer.canWork && <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Members, approvers and admins change an item&apos;s status.</p>}
          </section>
          <ItemSignOff projectId={projectId} item={item} viewer={viewer} />
          <ItemPeople projectId={projectId} item={item} viewer={viewer} members={members} />
          {viewer.canManage && <ItemManage projectId={projectId} item={item} launchHref={launchHref} />}
        </div>
      </div>
    </div>
  );
}

function Binding({ binding: b }: { binding: NonNullable<TItemDetail["binding"]> }) {
  const Icon = b.ok === null ? CircleHelp : b.ok ? CircleCheck : CircleX;
  return (
    <section aria-labelledby="binding-heading" className={box}>
      <h2 id="binding-heading" className="flex items-center gap-2 text-base font-semibold">
        <Bot aria-hidden="true" className="size-5" />
        Automated check
      </h2>
      <p className="mt-2 text-sm">
        T-Minus watches: <strong className="font-semibold">{b.label}</strong>
      </p>
      <p className="mt-2 flex items-start gap-2 text-sm">
        <Icon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        <span>
          <strong className="font-semibold">{b.ok === null ? "Not measured yet" : b.ok ? "True" : "Not true yet"}</strong>
          {b.summary ? `: ${b.summary}` : ""}
        </span>
      </p>
      <p className="mt-1 flex flex-wrap gap-x-4 text-xs text-zinc-600 dark:text-zinc-400">
        {b.checkedAt ? (
          <span>
            Checked <RelativeTime iso={b.checkedAt} />
          </span>
        ) : (
          <span>Checked on the next tick, within a few minutes.</span>
        )}
        {b.href && (
          <a href={b.href} className="inline-flex items-center gap-1 font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
            See the evidence
            <ExternalLink aria-hidden="true" className="size-3.5" />
          </a>
        )}
      </p>
    </section>
  );
}
