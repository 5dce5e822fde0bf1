"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, UserRoundX } from "lucide-react";
import { lazy, Suspense, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ErrorText } from "@/components/ui/error-text";
import { useToast } from "@/components/ui/toast";
import { fetchRoadmap, runbookKeys, updateRoadmapItem, type TRoadmap, type TRoadmapItem } from "@/lib/queries/runbooks";
import type { Member, RoadmapDialogState, SavedHow } from "./roadmap-dialogs";
import { KIND_LABEL, SECTIONS, STATUS_LABEL, type TRoadmapKind, type TRoadmapStatus } from "./labels";
import { RoadmapItemCard } from "./roadmap-item";
import { groupByKind, ownershipNudge, roadmapFigures } from "./summary";
import { UnplannedList } from "./unplanned-list";

// The forms (add, edit, plan, delete) load on first use: viewers and readers never download them.
const RoadmapDialog = lazy(() => import("./roadmap-dialogs").then((m) => ({ default: m.RoadmapDialog })));

type Props = { projectId: string; projectSlug: string; initialRoadmap: TRoadmap; members: Member[]; canWrite: boolean };

export function RoadmapView({ projectId, projectSlug, initialRoadmap, members, canWrite }: Props) {
  const base = `/projects/${projectSlug}`;
  const feedbackHref = (id: string) => `${base}/feedback/${id}`;
  const key = runbookKeys.roadmap(projectId);
  const queryClient = useQueryClient();
  const toast = useToast();
  const query = useQuery({ queryKey: key, queryFn: () => fetchRoadmap(projectId), initialData: initialRoadmap });
  const { items, unplanned } = query.data;
  const [dialog, setDialog] = useState<RoadmapDialogState | null>(null);
  // Per item: a status change on its way, or the refusal of the last one.
  const [rows, setRows] = useState<Record<string, { busy: boolean; error: unknown }>>({});
  const setRow = (id: string, busy: boolean, error: unknown = null) => setRows((cur) => ({ ...cur, [id]: { busy, error } }));
  // After the render that moved or added an item: focus its result, once.
  const [focus, setFocus] = useState<{ selector: string } | null>(null);
  useEffect(() => {
    if (focus) document.querySelector<HTMLElement>(focus.selector)?.focus();
  }, [focus]);

  const groups = groupByKind(items);
  const figures = roadmapFigures(items);
  const nudge = ownershipNudge(figures, canWrite);

  const patchCache = (fn: (r: TRoadmap) => TRoadmap) => queryClient.setQueryData<TRoadmap>(key, (r) => r && fn(r));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: key });

  /** A status change shows at once (done and dropped sink); a refusal puts it back, with the reason on the item. */
  async function setStatus(item: TRoadmapItem, status: TRoadmapStatus) {
    await queryClient.cancelQueries({ queryKey: key });
    const held = queryClient.getQueryData<TRoadmap>(key);
    patchCache((r) => ({ ...r, items: r.items.map((i) => (i.id === item.id ? { ...i, status } : i)) }));
    setRow(item.id, true);
    // The item may have moved within its section (a new place in the DOM): its status control keeps the focus.
    setFocus({ selector: `[data-status-for="${item.id}"]` });
    try {
      const saved = await updateRoadmapItem(projectId, item.id, { status });
      patchCache((r) => ({ ...r, items: r.items.map((i) => (i.id === saved.id ? saved : i)) }));
      setRow(item.id, false);
      toast({ message: `“${item.title}” is now ${STATUS_LABEL[saved.status].toLowerCase()}.` });
    } catch (error) {
      if (held) queryClient.setQueryData(key, held);
      setRow(item.id, false, error);
      setFocus({ selector: `[data-status-for="${item.id}"]` });
    } finally {
      refresh();
    }
  }

  function onSaved(saved: TRoadmapItem, how: SavedHow) {
    patchCache((r) => ({
      items: r.items.some((i) => i.id === saved.id) ? r.items.map((i) => (i.id === saved.id ? saved : i)) : [...r.items, saved],
      unplanned: saved.feedback ? r.unplanned.filter((f) => f.id !== saved.feedback!.id) : r.unplanned,
    }));
    refresh();
    setDialog(null);
    const where = SECTIONS.find((s) => s.kind === saved.kind)!.heading;
    toast({ message: how === "planned" ? `${saved.feedback?.ref ?? "The feedback"} planned: it is under ${where}.` : how === "added" ? `${KIND_LABEL[saved.kind]} “${saved.title}” added under ${where}.` : `“${saved.title}” saved.` });
    // The dialog hands focus back to its opener; the result is the item itself (the Plan button is gone).
    setFocus({ selector: `#roadmap-item-${saved.id}` });
  }

  function onDeleted(item: TRoadmapItem) {
    patchCache((r) => ({ ...r, items: r.items.filter((i) => i.id !== item.id) }));
    refresh();
    setDialog(null);
    toast({ message: `“${item.title}” deleted from the roadmap.` });
    setFocus({ selector: `#roadmap-section-${item.kind}` });
  }

  const add = (itemKind: TRoadmapKind, label: string, variant: "primary" | "secondary" = "primary") => (
    <Button variant={variant} onClick={() => setDialog({ kind: "add", itemKind })} aria-haspopup="dialog">
      <Plus aria-hidden="true" className="size-4" />
      {label}
    </Button>
  );

  const strip = [
    [figures.planned, "planned item open", "planned items open"],
    [figures.knownIssues, "known issue open", "known issues open"],
    [figures.scalability, "scalability note open", "scalability notes open"],
  ] as const;

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">Roadmap</h1>
            <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
              What comes after launch: planned work, the known issues this release ships with, and the limits it will hit as it grows. The handoff pack prints it as it is here.
            </p>
          </div>
          {canWrite && add("planned", "Add to roadmap")}
        </div>
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-lg border border-zinc-200 bg-white px-4 py-2.5 text-sm dark:border-zinc-800 dark:bg-zinc-900">
          <ul aria-label="Roadmap figures" className="flex flex-wrap gap-x-5 gap-y-1">
            {strip.map(([n, one, many]) => (
              <li key={one}>
                <span className="font-semibold tabular-nums">{n}</span> {n === 1 ? one : many}
              </li>
            ))}
          </ul>
          {nudge && (
            <p className="flex items-center gap-1.5 font-medium text-amber-900 dark:text-amber-200">
              <UserRoundX aria-hidden="true" className="size-4 shrink-0" />
              {nudge}
            </p>
          )}
        </div>
        {query.error ? <ErrorText error={query.error} fallback="The roadmap could not be refreshed. Reload the page to try again." /> : null}
      </div>

      {SECTIONS.map((section) => {
        const list = groups[section.kind];
        const headingId = `roadmap-section-${section.kind}`;
        return (
          <section key={section.kind} aria-labelledby={headingId} data-section={section.kind} className="space-y-3">
            <div className="flex flex-wrap items-end justify-between gap-2">
              <div>
                <h2 id={headingId} tabIndex={-1} className="flex items-center gap-2 text-lg font-semibold outline-none">
                  {section.heading}
                  <span className="rounded-full bg-zinc-200 px-2 py-0.5 text-xs tabular-nums text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
                    {list.length}
                    <span className="sr-only"> {list.length === 1 ? "item" : "items"}</span>
                  </span>
                </h2>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">{section.note}</p>
              </div>
            </div>
            {list.length === 0 ? (
              <EmptyState title={section.emptyTitle} action={canWrite ? add(section.kind, section.addLabel, "secondary") : undefined}>
                {canWrite ? section.empty : section.emptyViewer}
              </EmptyState>
            ) : (
              <ul className="space-y-3">
                {list.map((item) => (
                  <RoadmapItemCard
                    key={item.id}
                    item={item}
                    feedbackHref={feedbackHref}
                    busy={Boolean(rows[item.id]?.busy)}
                    error={rows[item.id]?.error}
                    actions={canWrite ? { onStatus: (s) => void setStatus(item, s), onEdit: () => setDialog({ kind: "edit", item }), onDelete: () => setDialog({ kind: "delete", item }) } : undefined}
                  />
                ))}
              </ul>
            )}
          </section>
        );
      })}

      <UnplannedList items={unplanned} inboxHref={`${base}/feedback`} feedbackHref={feedbackHref} onPlan={canWrite ? (feedback) => setDialog({ kind: "plan", feedback }) : undefined} />

      {dialog && (
        <Suspense fallback={null}>
          <RoadmapDialog state={dialog} projectId={projectId} members={members} onClose={() => setDialog(null)} onSaved={onSaved} onDeleted={onDeleted} />
        </Suspense>
      )}
    </div>
  );
}
