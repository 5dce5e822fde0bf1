"use client";

import { Filter, Search } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { controlClass } from "@/components/ui/field";
import type { TMember } from "@/lib/queries/members";
import { SEVERITIES, SEVERITY_LABEL, SOURCE_LABEL, SOURCES, TYPE_LABEL, TYPES } from "../labels";
import { ariaKeys } from "./keys";
import { filterCount, SORT_LABEL, SORTS, toSearch, VIEWS, type InboxFilters, type InboxView } from "./params";

const VIEW_LABEL: Record<InboxView, string> = { inbox: "Inbox", open: "Open", snoozed: "Snoozed", spam: "Spam", all: "All" };
const VIEW_HINT: Record<InboxView, string> = {
  inbox: "New, not snoozed",
  open: "Accepted to fixed",
  snoozed: "Back later",
  spam: "Flagged; review, nothing is dropped",
  all: "Everything",
};

/** Views as links (they work without JavaScript too); counts where the figures have them. */
export function ViewTabs({ filters, counts, onView }: { filters: InboxFilters; counts: Partial<Record<InboxView, number>>; onView: (v: InboxView) => void }) {
  return (
    <nav aria-label="Feedback views" className="-mx-1 overflow-x-auto px-1">
      <ul className="flex min-w-max gap-1 border-b border-zinc-200 dark:border-zinc-800">
        {VIEWS.map((v) => {
          const current = filters.view === v;
          const n = counts[v];
          return (
            <li key={v}>
              <a
                href={toSearch({ view: v }) || "?"}
                aria-current={current ? "page" : undefined}
                title={VIEW_HINT[v]}
                onClick={(e) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                  e.preventDefault();
                  onView(v);
                }}
                className="-mb-px inline-flex items-center gap-1.5 whitespace-nowrap border-b-2 border-transparent px-2.5 py-2 sm:px-3 text-sm font-medium text-zinc-700 hover:border-zinc-400 hover:text-zinc-900 aria-[current=page]:border-indigo-600 aria-[current=page]:text-indigo-800 dark:text-zinc-300 dark:hover:text-white dark:aria-[current=page]:border-indigo-400 dark:aria-[current=page]:text-indigo-200"
              >
                {VIEW_LABEL[v]}
                {n !== undefined && (
                  <span className="rounded-full bg-zinc-100 px-1.5 text-xs font-semibold tabular-nums text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
                    {n}
                    <span className="sr-only"> {n === 1 ? "item" : "items"}</span>
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

const small = `${controlClass} !py-1.5`;

/** Full-text search (debounced) and the filters; on a phone the filters fold behind one button. */
export function FiltersBar({ filters, onChange, members, me, knownLabels, searchRef }: { filters: InboxFilters; onChange: (f: InboxFilters) => void; members: TMember[]; me: { id: string } | null; knownLabels: string[]; searchRef: React.RefObject<HTMLInputElement | null> }) {
  const id = useId();
  const [q, setQ] = useState(filters.q ?? "");
  const [label, setLabel] = useState(filters.label ?? "");
  const [open, setOpen] = useState(false);
  // Typing searches after a pause (the list keeps its rows until the answer comes), with the filters as they are then.
  const latest = useRef(filters);
  useEffect(() => {
    latest.current = filters;
  }, [filters]);
  const timers = useRef<Record<string, ReturnType<typeof setTimeout>>>({});
  useEffect(() => () => Object.values(timers.current).forEach(clearTimeout), []);
  const later = (key: "q" | "label", value: string, ms: number) => {
    clearTimeout(timers.current[key]);
    timers.current[key] = setTimeout(() => {
      const next = value.trim() || undefined;
      if (next !== latest.current[key]) onChange({ ...latest.current, [key]: next });
    }, ms);
  };
  const n = filterCount(filters);
  const set = <K extends keyof InboxFilters>(key: K, value: string) => onChange({ ...filters, [key]: value || undefined });
  const select = (key: "type" | "severity" | "source" | "assigneeId" | "sort", text: string, options: [string, string][], any: string) => (
    <div className="min-w-0">
      <label htmlFor={`${id}-${key}`} className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {text}
      </label>
      <select id={`${id}-${key}`} value={filters[key] ?? ""} onChange={(e) => set(key, e.target.value)} className={small}>
        <option value="">{any}</option>
        {options.map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
  const people: [string, string][] = [...(me ? [[me.id, "Me"] as [string, string]] : []), ...members.filter((m) => m.userId !== me?.id).map((m) => [m.userId, m.name] as [string, string])];
  return (
    <form role="search" aria-label="Search and filter feedback" onSubmit={(e) => e.preventDefault()} className="space-y-3">
      <div className="flex gap-2">
        <div className="relative min-w-0 flex-1">
          <label htmlFor={`${id}-q`} className="sr-only">
            Search feedback
          </label>
          <Search aria-hidden="true" className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-500" />
          <input
            ref={searchRef}
            id={`${id}-q`}
            type="search"
            value={q}
            onChange={(e) => (setQ(e.target.value), later("q", e.target.value, 300))}
            onKeyDown={(e) => e.key === "Escape" && q && (e.preventDefault(), setQ(""), later("q", "", 0))}
            placeholder="Search, or FB-12"
            aria-keyshortcuts={ariaKeys("search")}
            autoComplete="off"
            className={`${controlClass} pl-9`}
          />
        </div>
        <button
          type="button"
          onClick={() => setOpen(!open)}
          aria-expanded={open}
          aria-controls={`${id}-filters`}
          className="inline-flex shrink-0 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 text-sm font-medium hover:bg-zinc-100 lg:hidden dark:border-zinc-600 dark:bg-zinc-900 dark:hover:bg-zinc-800"
        >
          <Filter aria-hidden="true" className="size-4" />
          Filters{n ? ` (${n})` : ""}
        </button>
      </div>
      <div id={`${id}-filters`} className={`${open ? "grid" : "hidden"} grid-cols-2 gap-3 sm:grid-cols-3 lg:grid lg:grid-cols-6`}>
        {select("type", "Type", TYPES.map((t) => [t, TYPE_LABEL[t]]), "All types")}
        {select("severity", "Severity", SEVERITIES.map((s) => [s, SEVERITY_LABEL[s]]), "Any severity")}
        {select("source", "Source", SOURCES.map((s) => [s, SOURCE_LABEL[s]]), "Any source")}
        {select("assigneeId", "Assignee", people, "Anyone")}
        <div className="min-w-0">
          <label htmlFor={`${id}-label`} className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">
            Label
          </label>
          <input id={`${id}-label`} list={`${id}-labels`} value={label} onChange={(e) => (setLabel(e.target.value), later("label", e.target.value, 400))} placeholder="Any label" autoComplete="off" maxLength={40} className={small} />
          <datalist id={`${id}-labels`}>
            {knownLabels.map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
        </div>
        {select("sort", "Order", SORTS.filter((s) => s !== "newest").map((s) => [s, SORT_LABEL[s]]), SORT_LABEL.newest)}
      </div>
    </form>
  );
}
