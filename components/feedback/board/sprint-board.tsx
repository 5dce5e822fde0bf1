"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import Link from "next/link";
import { lazy, Suspense, useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ErrorText } from "@/components/ui/error-text";
import { controlClass } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import {
  COLUMN_LABEL,
  DONE,
  boardKeys,
  fetchSprintItems,
  fetchSprints,
  fetchUnplanned,
  isBoardColumn,
  triageItem,
  type TBoardColumn,
  type TFeedbackSummary,
  type TSprint,
  type TriageBody,
} from "@/lib/queries/feedback-board";
import { BoardColumns } from "./board-columns";
import type { BoardDialogState } from "./board-dialogs";
import type { MoveChoice } from "./move-menu";
import { SprintHeader } from "./sprint-header";

// The two forms (new sprint, fixed in which release) load on first use.
const BoardDialog = lazy(() => import("./board-dialogs").then((m) => ({ default: m.BoardDialog })));
// Below the board, and only for people who may triage: loaded after the board (JS budget), its heading there at once
// so the "jump to" link always has a target.
const PullIn = lazy(() => import("./pull-in").then((m) => ({ default: m.PullIn })));
const pullInFallback = (
  <section aria-labelledby="pull-in-heading" className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
    <h2 id="pull-in-heading" tabIndex={-1} className="text-base font-semibold outline-none">
      Pull into sprint
    </h2>
    <p className="text-sm text-zinc-700 dark:text-zinc-300">Loading the accepted items that are in no sprint…</p>
  </section>
);

type Props = {
  projectId: string;
  projectSlug: string;
  initialSprints: TSprint[];
  initialSprintId: string | null;
  initialItems: TFeedbackSummary[];
  initialUnplanned: TFeedbackSummary[];
  canTriage: boolean;
  serverNow: string;
};

const link = "font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300";
/** Where focus goes once a move has re-rendered the board: the moved card's menu, or a heading when it left. */
type FocusTarget = { selector: string; fallback: string };

export function SprintBoard({ projectId, projectSlug, initialSprints, initialSprintId, initialItems, initialUnplanned, canTriage, serverNow }: Props) {
  const base = `/projects/${projectSlug}`;
  const inboxHref = `${base}/feedback`;
  const itemHref = (item: TFeedbackSummary) => `${base}/feedback/${item.id}`;
  const queryClient = useQueryClient();
  const toast = useToast();
  const pickerId = useId();
  const [sprintId, setSprintId] = useState(initialSprintId);
  const [dialog, setDialog] = useState<BoardDialogState | null>(null);
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [focus, setFocus] = useState<FocusTarget | null>(null);

  const sprintsQuery = useQuery({ queryKey: boardKeys.sprints(projectId), queryFn: () => fetchSprints(projectId), initialData: initialSprints });
  const sprints = sprintsQuery.data;
  const sprint = sprints.find((s) => s.id === sprintId) ?? null;
  const itemsQuery = useQuery({
    queryKey: boardKeys.sprintItems(projectId, sprintId ?? "none"),
    queryFn: () => fetchSprintItems(projectId, sprintId!),
    enabled: Boolean(sprintId),
    initialData: sprintId === initialSprintId ? initialItems : undefined,
  });
  const unplannedQuery = useQuery({ queryKey: boardKeys.unplanned(projectId), queryFn: () => fetchUnplanned(projectId), initialData: initialUnplanned });
  const items = itemsQuery.data ?? [];
  const unplanned = unplannedQuery.data;
  const done = items.filter((i) => (DONE as readonly string[]).includes(i.status)).length;

  // After the render that moved the card: focus its menu in the new column (or where it went), once.
  useEffect(() => {
    if (!focus) return;
    (document.querySelector<HTMLElement>(focus.selector) ?? document.querySelector<HTMLElement>(focus.fallback))?.focus();
  }, [focus]);

  function choose(id: string) {
    setSprintId(id);
    setErrors({});
    // Shareable and kept on reload, without a server round trip for the page.
    window.history.replaceState(null, "", `?sprint=${encodeURIComponent(id)}`);
  }

  const setFlag = <T,>(set: React.Dispatch<React.SetStateAction<Record<string, T>>>, id: string, value: T | undefined) =>
    set((cur) => {
      const next = { ...cur };
      if (value === undefined) delete next[id];
      else next[id] = value;
      return next;
    });

  /**
   * One change to one item: shown at once, undone if the API refuses (its message stays on the card), and the
   * lists and sprint counts read again afterwards. Resolves to the error, or null.
   */
  async function change(item: TFeedbackSummary, body: TriageBody, outcome: { message: (status: TFeedbackSummary["status"]) => string; focus: FocusTarget }): Promise<unknown> {
    if (!sprintId) return null;
    const itemsKey = boardKeys.sprintItems(projectId, sprintId);
    const unplannedKey = boardKeys.unplanned(projectId);
    const heldItems = queryClient.getQueryData<TFeedbackSummary[]>(itemsKey);
    const heldUnplanned = queryClient.getQueryData<TFeedbackSummary[]>(unplannedKey);
    await Promise.all([queryClient.cancelQueries({ queryKey: itemsKey }), queryClient.cancelQueries({ queryKey: unplannedKey })]);
    if (body.action === "status") {
      // Released is the API's call (the fixing release must be live in production): that card waits for the answer
      // rather than jump there and back.
      if (body.status !== "released") queryClient.setQueryData<TFeedbackSummary[]>(itemsKey, (list) => list?.map((i) => (i.id === item.id ? { ...i, status: body.status } : i)));
    } else if (body.sprintId === null) {
      queryClient.setQueryData<TFeedbackSummary[]>(itemsKey, (list) => list?.filter((i) => i.id !== item.id));
      if (item.status === "accepted") queryClient.setQueryData<TFeedbackSummary[]>(unplannedKey, (list) => list && [{ ...item, sprintId: null }, ...list]);
    } else {
      queryClient.setQueryData<TFeedbackSummary[]>(unplannedKey, (list) => list?.filter((i) => i.id !== item.id));
      queryClient.setQueryData<TFeedbackSummary[]>(itemsKey, (list) => list && [...list, { ...item, sprintId: body.sprintId }]);
    }
    setFlag<boolean>(setPending, item.id, true);
    setFlag(setErrors, item.id, undefined);
    // The card moved at once (a new place in the DOM): focus follows it now, not when the server answers.
    setFocus(outcome.focus);
    try {
      const detail = await triageItem(projectId, item.id, body);
      queryClient.setQueryData<TFeedbackSummary[]>(itemsKey, (list) => list?.map((i) => (i.id === item.id ? { ...i, status: detail.status, fixedIn: detail.fixedIn, sprintId: detail.sprintId } : i)));
      toast({ message: outcome.message(detail.status) });
      return null;
    } catch (error) {
      queryClient.setQueryData(itemsKey, heldItems);
      queryClient.setQueryData(unplannedKey, heldUnplanned);
      setFlag(setErrors, item.id, error);
      // Back where it was, with the refusal beside it.
      setFocus({ selector: `[data-move-for="${item.ref}"]`, fallback: `[data-pull-for="${item.ref}"]` });
      return error;
    } finally {
      setFlag<boolean>(setPending, item.id, undefined);
      void queryClient.invalidateQueries({ queryKey: itemsKey });
      void queryClient.invalidateQueries({ queryKey: unplannedKey });
      void queryClient.invalidateQueries({ queryKey: boardKeys.sprints(projectId) });
    }
  }

  const moveTo = (item: TFeedbackSummary, to: TBoardColumn, releaseId?: string | null) =>
    change(item, { action: "status", status: to, ...(releaseId !== undefined ? { releaseId } : {}) }, { message: (now) => (now === to || !isBoardColumn(now) ? `${item.ref} moved to ${COLUMN_LABEL[to]}.` : `${item.ref} moved to ${COLUMN_LABEL[now]}: its release is already in production.`), focus: { selector: `[data-move-for="${item.ref}"]`, fallback: "#sprint-heading" } });

  function onMove(item: TFeedbackSummary, to: MoveChoice) {
    if (to === "fixed") return setDialog({ kind: "fixed", item });
    if (to === "out") {
      void change(item, { action: "update", sprintId: null }, { message: () => `${item.ref} taken out of ${sprint?.name ?? "the sprint"}.`, focus: { selector: `[data-pull-for="${item.ref}"]`, fallback: "#sprint-heading" } });
      return;
    }
    void moveTo(item, to);
  }

  function jumpToPullIn(e: React.MouseEvent) {
    e.preventDefault();
    const heading = document.getElementById("pull-in-heading");
    heading?.scrollIntoView({ block: "start" });
    heading?.focus();
  }

  function onPull(item: TFeedbackSummary) {
    if (!sprint) return;
    const next = unplanned[unplanned.findIndex((i) => i.id === item.id) + 1];
    void change(item, { action: "update", sprintId: sprint.id }, { message: () => `${item.ref} pulled into ${sprint.name}.`, focus: { selector: next ? `[data-pull-for="${next.ref}"]` : `[data-move-for="${item.ref}"]`, fallback: "#pull-in-heading" } });
  }

  async function onFixed(item: TFeedbackSummary, releaseId: string | null) {
    const error = await moveTo(item, "fixed", releaseId);
    if (!error) {
      setDialog(null);
      // The dialog hands focus back to its opener, which moved with the card: to the card's menu instead.
      setFocus({ selector: `[data-move-for="${item.ref}"]`, fallback: "#sprint-heading" });
    }
    return error;
  }

  function onSprintCreated(created: TSprint) {
    queryClient.setQueryData<TSprint[]>(boardKeys.sprints(projectId), (list) => [...(list ?? []), created]);
    void queryClient.invalidateQueries({ queryKey: boardKeys.sprints(projectId) });
    setDialog(null);
    choose(created.id);
    toast({ message: `${created.name} created. Pull accepted items into it below.` });
    setFocus({ selector: "#sprint-heading", fallback: "#sprint-heading" });
  }

  const newSprint = canTriage && (
    <Button variant={sprints.length ? "secondary" : "primary"} onClick={() => setDialog({ kind: "sprint" })} aria-haspopup="dialog">
      <Plus aria-hidden="true" className="size-4" />
      New sprint
    </Button>
  );
  const sorted = [...sprints].sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Sprint board</h1>
          <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
            Accepted feedback planned in short sprints after launch: from accepted to planned, in progress, fixed, and released when the release that fixed it reaches production.
          </p>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          {sprints.length > 0 && (
            <div className="space-y-1">
              <label htmlFor={pickerId} className="block text-sm font-medium">
                Sprint
              </label>
              <select id={pickerId} value={sprintId ?? ""} onChange={(e) => choose(e.target.value)} className={`${controlClass} w-auto max-w-full`}>
                {sorted.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {/* With no sprint yet, the empty state below carries the button. */}
          {sprints.length > 0 && newSprint}
        </div>
      </div>

      {sprintsQuery.error ? <ErrorText error={sprintsQuery.error} fallback="The sprints could not be refreshed. Reload the page to try again." /> : null}

      {!sprint ? (
        <EmptyState title="No sprint yet" action={newSprint || undefined}>
          A sprint is a date range, a week or two, in which the team works through accepted feedback.{" "}
          {canTriage ? "Create one with New sprint, then pull accepted items into it." : "Members, approvers and admins create sprints and move items."} Items are accepted in the{" "}
          <Link href={inboxHref} className={link}>
            inbox
          </Link>{" "}
          first.
        </EmptyState>
      ) : (
        <>
          <SprintHeader sprint={sprint} total={items.length} done={done} serverNow={serverNow} />
          <p className="sr-only" aria-live="polite">
            {itemsQuery.isFetching && !itemsQuery.data ? "Loading the sprint…" : ""}
          </p>
          {itemsQuery.error ? <ErrorText error={itemsQuery.error} fallback="The sprint's items could not be loaded. Reload the page to try again." /> : null}

          <section aria-labelledby="board-heading" className="space-y-3">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="board-heading" className="text-lg font-semibold">
                Board
              </h2>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                {canTriage ? (
                  <>
                    Move a card with its Move to… button, or drag it to another column. Plan more:{" "}
                    <a href="#pull-in-heading" onClick={jumpToPullIn} className={link}>
                      {unplanned.length} accepted {unplanned.length === 1 ? "item" : "items"} outside a sprint
                    </a>
                    .
                  </>
                ) : (
                  "Members, approvers and admins move cards."
                )}
              </p>
            </div>
            {itemsQuery.data && items.length === 0 && (
              <EmptyState title={`Nothing in ${sprint.name} yet`}>
                {canTriage ? (
                  <>
                    Pull accepted items in from the list below. If that list is empty, accept items in the{" "}
                    <Link href={inboxHref} className={link}>
                      inbox
                    </Link>{" "}
                    first.
                  </>
                ) : (
                  "Members, approvers and admins pull accepted items into a sprint; they show here as cards."
                )}
              </EmptyState>
            )}
            {items.length > 0 && <BoardColumns items={items} itemHref={itemHref} onMove={canTriage ? onMove : undefined} pending={pending} errors={errors} />}
          </section>

          {canTriage && (
            <Suspense fallback={pullInFallback}>
              <PullIn
                items={unplanned}
                sprintName={sprint.name}
                inboxHref={inboxHref}
                itemHref={itemHref}
                onPull={onPull}
                pending={pending}
                errors={errors}
              />
            </Suspense>
          )}
        </>
      )}

      {dialog && (
        <Suspense fallback={null}>
          <BoardDialog state={dialog} projectId={projectId} projectSlug={projectSlug} sprints={sprints} onClose={() => setDialog(null)} onSprintCreated={onSprintCreated} onFixed={onFixed} />
        </Suspense>
      )}
    </div>
  );
}
