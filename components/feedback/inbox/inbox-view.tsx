"use client";

import { Keyboard, Settings } from "lucide-react";
import { useRouter } from "next/navigation";
import { lazy, Suspense, useCallback, useEffect, useEffectEvent, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { useFeedbackItem, useFeedbackList, useFeedbackStats, newArrivals, type TFeedbackDetail, type TFeedbackStats, type TFeedbackSummary } from "@/lib/queries/feedback";
import type { TMember } from "@/lib/queries/members";
import { ItemPane } from "../item/item-pane";
import { useTriageActions, type Me } from "../item/use-triage-actions";
import { BulkBar } from "./bulk-bar";
import { EmptyInbox } from "./empty";
import { Figures } from "./figures";
import { FiltersBar, ViewTabs } from "./filters";
import { actionFor, ariaKeys } from "./keys";
import { filterCount, toQuery, toSearch, type InboxFilters, type InboxView as TView } from "./params";
import { FeedbackRows } from "./rows";

const ShortcutsDialog = lazy(() => import("./shortcuts-dialog").then((m) => ({ default: m.ShortcutsDialog })));

const WIDE = "(min-width: 1024px)";
const subscribeWide = (onChange: () => void) => {
  const m = window.matchMedia(WIDE);
  m.addEventListener("change", onChange);
  return () => m.removeEventListener("change", onChange);
};
/** Whether the pane beside the list shows (it is fetched only then); false on the server. */
const useWide = () => useSyncExternalStore(subscribeWide, () => window.matchMedia(WIDE).matches, () => false);

const rowLink = (id: string) => document.querySelector<HTMLElement>(`[data-feedback-row-link="${CSS.escape(id)}"]`);
const LIST_NAME: Record<TView, string> = { inbox: "Inbox", open: "Open items", snoozed: "Snoozed items", spam: "Spam", all: "All feedback" };

type Props = {
  projectId: string;
  projectSlug: string;
  initialFilters: InboxFilters;
  initialRows: TFeedbackSummary[];
  initialStats: TFeedbackStats;
  initialItem: TFeedbackDetail | null;
  members: TMember[];
  me: Me;
  canTriage: boolean;
  canManage: boolean;
};

/** The triage inbox: figures, views and filters, the list and (on wide screens) the selected item beside it. */
export function InboxView({ projectId, projectSlug, initialFilters, initialRows, initialStats, initialItem, members, me, canTriage, canManage }: Props) {
  const router = useRouter();
  const itemHref = useCallback((ref: string) => `/projects/${projectSlug}/feedback/${ref}`, [projectSlug]);
  const [filters, setFilters] = useState(initialFilters);
  const [filtersKey, setFiltersKey] = useState(0);
  const query = useMemo(() => toQuery(filters), [filters]);
  const list = useFeedbackList(projectId, query, { query: toQuery(initialFilters), rows: initialRows });
  const rows = useMemo(() => list.data?.pages.flat() ?? [], [list.data]);
  const stats = useFeedbackStats(projectId, 30, initialStats).data ?? initialStats;

  // The active item is held by id, so rows arriving above it leave it where it is; when it leaves the list (triaged
  // here or elsewhere), the row that took its place becomes active.
  const [pick, setPick] = useState<{ id: string | null; index: number }>({ id: initialItem?.id ?? null, index: 0 });
  const at = rows.findIndex((r) => r.id === pick.id);
  const active: TFeedbackSummary | null = at >= 0 ? rows[at] : (rows[Math.min(pick.index, rows.length - 1)] ?? null);
  const activate = useCallback((id: string) => setPick({ id, index: Math.max(0, rows.findIndex((r) => r.id === id)) }), [rows]);

  const wide = useWide();
  const detail = useFeedbackItem(projectId, wide && active ? active.id : null, initialItem ?? undefined);

  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const selectedRows = rows.filter((r) => selected.has(r.id));
  const toggle = (id: string) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const clearSelection = () => setSelected(new Set());

  const knownLabels = useMemo(() => [...new Set(rows.flatMap((r) => r.labels))].sort((a, b) => a.localeCompare(b)), [rows]);
  const focusActiveRow = useCallback(() => {
    const link = document.querySelector<HTMLElement>('[data-feedback-row-link][aria-current="true"]');
    (link ?? document.getElementById("fb-list-heading"))?.focus();
  }, []);
  const onApplied = useCallback((targets: TFeedbackSummary[]) => {
    if (targets.length > 1) setSelected(new Set());
  }, []);
  const triage = useTriageActions({ projectId, me, members, knownLabels, fallbackFocus: focusActiveRow, onApplied });
  const targets = () => (selectedRows.length ? selectedRows : active ? [active] : []);

  const [help, setHelp] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  /** `reset`: the search and label fields start again from the new filters (they keep their own text while typing). */
  function change(next: InboxFilters, reset = false) {
    setFilters(next);
    setSelected(new Set());
    setPick({ id: null, index: 0 });
    if (reset) setFiltersKey((k) => k + 1);
  }
  const clearFilters = () => change({ view: filters.view }, true);

  // The URL follows the view, the filters and the item in the pane (shareable, and a reload comes back here).
  useEffect(() => {
    window.history.replaceState(window.history.state, "", `${window.location.pathname}${toSearch(filters, active?.ref)}`);
  }, [filters, active?.ref]);

  // Focus lost with a row that left the list (accepted, declined…) goes to the row now active; never on first load.
  const shown = useRef(active?.id);
  useEffect(() => {
    const before = shown.current;
    shown.current = active?.id;
    if (!before || before === active?.id || !active) return;
    if ((document.activeElement === document.body || !document.activeElement) && !document.querySelector("dialog[open]")) rowLink(active.id)?.focus();
  }, [active]);

  // New items arrive by the live stream (lib/queries/events.ts refetches); say how many, once, politely.
  const [arrived, setArrived] = useState<ReadonlySet<string>>(new Set());
  const [announce, setAnnounce] = useState("");
  const seen = useRef<{ key: string; ids: Set<string>; newest: string | null } | null>(null);
  const key = JSON.stringify(query);
  const noteArrivals = useEffectEvent((fresh: TFeedbackSummary[]) => {
    setArrived((a) => new Set([...a, ...fresh.map((r) => r.id)]));
    setAnnounce(`${fresh.length === 1 ? "1 new item" : `${fresh.length} new items`}: ${fresh.map((r) => `${r.ref} ${r.title}`).join("; ")}`);
  });
  useEffect(() => {
    if (list.isPlaceholderData || !list.data) return;
    const newest = rows.reduce<string | null>((m, r) => (m === null || r.createdAt > m ? r.createdAt : m), null);
    const held = seen.current;
    if (!held || held.key !== key) {
      seen.current = { key, ids: new Set(rows.map((r) => r.id)), newest };
      return;
    }
    const fresh = newArrivals(held.ids, held.newest, rows);
    for (const r of rows) held.ids.add(r.id);
    if (newest && (!held.newest || newest > held.newest)) held.newest = newest;
    if (fresh.length) noteArrivals(fresh);
  }, [rows, key, list.isPlaceholderData, list.data]);

  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || document.querySelector("dialog[open]")) return;
    const action = actionFor(e, canTriage);
    if (!action) return;
    const move = (step: number) => {
      if (!rows.length) return;
      const i = active ? rows.findIndex((r) => r.id === active.id) : -1;
      const next = rows[Math.max(0, Math.min(rows.length - 1, i < 0 ? 0 : i + step))];
      setPick({ id: next.id, index: rows.indexOf(next) });
      rowLink(next.id)?.focus();
    };
    if (action === "next") move(1);
    else if (action === "prev") move(-1);
    else if (action === "open") {
      if (!active) return;
      router.push(itemHref(active.ref));
    } else if (action === "select") {
      if (active) toggle(active.id);
    } else if (action === "clear") {
      if (!selected.size) return;
      clearSelection();
    } else if (action === "search") searchRef.current?.focus();
    else if (action === "help") setHelp(true);
    else triage.act(action, targets());
    e.preventDefault();
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);

  const filtered = filterCount(filters) > 0 || Boolean(filters.q);
  const counts = { inbox: stats.inbox, spam: stats.spam };
  const listName = LIST_NAME[filters.view];

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0 flex-1 basis-96">
          <h1 className="text-2xl font-semibold tracking-tight">Feedback</h1>
          <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
            What users report through the form, the widget, the API, GitHub and Discord, in one inbox. Triage each item: accept it, decline it with a reason, merge duplicates, or snooze it.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <span className="hidden lg:contents">
            <Button variant="ghost" onClick={() => setHelp(true)} aria-haspopup="dialog" aria-keyshortcuts={ariaKeys("help")}>
              <Keyboard aria-hidden="true" className="size-4" />
              Keyboard shortcuts
            </Button>
          </span>
          {canManage && (
            <ButtonLink href={`/projects/${projectSlug}/feedback/settings`}>
              <Settings aria-hidden="true" className="size-4" />
              Form, widget and sources
            </ButtonLink>
          )}
        </div>
      </div>

      <Figures stats={stats} onCriticals={() => change({ view: "open", severity: "critical" }, true)} />

      <div className="space-y-3">
        <ViewTabs filters={filters} counts={counts} onView={(view) => change({ ...filters, view })} />
        <FiltersBar key={filtersKey} filters={filters} onChange={change} members={members} me={me} knownLabels={knownLabels} searchRef={searchRef} />
      </div>

      {canTriage && selectedRows.length > 0 && <BulkBar count={selectedRows.length} onAct={(a) => triage.act(a, selectedRows)} onClear={clearSelection} busy={triage.busy !== null} />}

      <div className="lg:grid lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)] lg:items-start lg:gap-6">
        <section aria-labelledby="fb-list-heading" className="space-y-3" aria-busy={list.isFetching && list.isPlaceholderData ? true : undefined}>
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="fb-list-heading" tabIndex={-1} className="text-lg font-semibold outline-none">
              {listName}{" "}
              <span className="text-sm font-normal tabular-nums text-zinc-600 dark:text-zinc-400">
                ({rows.length}
                {list.hasNextPage ? "+" : ""} {rows.length === 1 ? "item" : "items"}
                {filtered ? ", filtered" : ""})
              </span>
            </h2>
            {filtered && (
              <button type="button" onClick={clearFilters} className="text-sm font-medium text-indigo-700 underline underline-offset-2 hover:no-underline dark:text-indigo-300">
                Clear filters
              </button>
            )}
          </div>
          <p aria-live="polite" className="sr-only">
            {announce}
          </p>
          {list.error && !rows.length ? (
            <ErrorText error={list.error} fallback="The feedback could not be loaded. Check your connection; the page tries again by itself, or reload it." />
          ) : rows.length === 0 ? (
            <EmptyInbox view={filters.view} filtered={filtered} onClear={clearFilters} projectSlug={projectSlug} canManage={canManage} onView={(view) => change({ ...filters, view })} />
          ) : (
            <>
              {list.error ? <ErrorText error={list.error} fallback="The list could not be refreshed; what you see may be out of date. It tries again by itself." /> : null}
              <FeedbackRows
                rows={rows}
                activeId={active?.id ?? null}
                selected={selected}
                arrived={arrived}
                canTriage={canTriage}
                showStatus={filters.view !== "inbox"}
                itemHref={itemHref}
                onActivate={activate}
                onToggle={toggle}
                label={`${listName}, ${filters.sort === "oldest" ? "oldest" : filters.sort === "votes" ? "most votes" : filters.sort === "severity" ? "most severe" : "newest"} first`}
              />
              {list.hasNextPage && (
                <Button variant="secondary" busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                  Show older items
                </Button>
              )}
            </>
          )}
        </section>
        <aside aria-label="The selected item" className="hidden lg:sticky lg:top-4 lg:block lg:max-h-[calc(100vh-2rem)] lg:overflow-y-auto">
          {active ? (
            <ItemPane
              projectId={projectId}
              projectSlug={projectSlug}
              summary={active}
              detail={detail.data ?? (initialItem?.id === active.id ? initialItem : undefined)}
              error={detail.error}
              canTriage={canTriage}
              triage={triage}
            />
          ) : rows.length ? (
            <p className="rounded-lg border border-dashed border-zinc-300 p-6 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">Pick an item in the list (or press j) to see it here.</p>
          ) : null}
        </aside>
      </div>

      {triage.element}
      <Suspense fallback={null}>{help && <ShortcutsDialog onClose={() => setHelp(false)} canTriage={canTriage} where="In the feedback inbox." />}</Suspense>
    </div>
  );
}
