"use client";

import { Bot, Clock, Keyboard, ShieldAlert, UserRound } from "lucide-react";
import Link from "next/link";
import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import type { TItem, TItemStatus } from "@/lib/queries/launch";
import { ItemTags, STATUS_LABEL, Tag } from "./labels";
import { slugify } from "./readiness-panel";
import { StatusControl } from "./status-control";
import { useUpdateItem } from "./use-launch";

const ShortcutsDialog = lazy(() => import("./shortcuts-dialog").then((m) => ({ default: m.ShortcutsDialog })));

/** Keys a person working through the list uses most; "?" lists them. */
export const SHORTCUTS: { keys: string; does: string; status?: Exclude<TItemStatus, "waived"> }[] = [
  { keys: "j", does: "Next item" },
  { keys: "k", does: "Previous item" },
  { keys: "Enter", does: "Open the item" },
  { keys: "s", does: "Focus the item's status" },
  { keys: "t", does: "Mark to do", status: "todo" },
  { keys: "p", does: "Mark in progress", status: "in_progress" },
  { keys: "d", does: "Mark done", status: "done" },
  { keys: "n", does: "Mark not applicable", status: "not_applicable" },
  { keys: "?", does: "Show these shortcuts" },
];

function groupBySection(items: TItem[]) {
  const groups = new Map<string, TItem[]>();
  for (const item of [...items].sort((a, b) => a.position - b.position)) groups.set(item.section, [...(groups.get(item.section) ?? []), item]);
  return [...groups.entries()];
}

export function Checklist({ projectId, items, canWork, itemHref, addItem }: { projectId: string; items: TItem[]; canWork: boolean; itemHref: (id: string) => string; addItem?: React.ReactNode }) {
  const [help, setHelp] = useState(false);
  const update = useUpdateItem(projectId);
  const toast = useToast();

  function onKeyDown(e: React.KeyboardEvent<HTMLElement>) {
    const target = e.target as HTMLElement;
    if (e.altKey || e.ctrlKey || e.metaKey || target.closest("input, textarea, select, [contenteditable=true]")) return;
    if (e.key === "?") {
      e.preventDefault();
      setHelp(true);
      return;
    }
    const rows = [...e.currentTarget.querySelectorAll<HTMLElement>("[data-item-row]")];
    const row = target.closest<HTMLElement>("[data-item-row]");
    const at = row ? rows.indexOf(row) : -1;
    const focusRow = (i: number) => rows[Math.max(0, Math.min(rows.length - 1, i))]?.querySelector<HTMLElement>("[data-item-link]")?.focus();
    if (e.key === "j") return (e.preventDefault(), focusRow(at + 1));
    if (e.key === "k") return (e.preventDefault(), focusRow(at < 0 ? 0 : at - 1));
    const item = row && items.find((it) => it.id === row.dataset.itemId);
    if (!item || !canWork) return;
    if (e.key === "s") return (e.preventDefault(), row.querySelector<HTMLElement>("[data-item-status]")?.focus());
    const shortcut = SHORTCUTS.find((s) => s.status && s.keys === e.key);
    if (!shortcut?.status) return;
    e.preventDefault();
    if (item.status === "waived") {
      toast({ message: `${item.ref} is waived; revoke the waiver on its page to change its status.`, tone: "danger" });
      return;
    }
    if (item.status === shortcut.status) return;
    const status = shortcut.status;
    update(item, { status }).then(
      () => toast({ message: `${item.ref} ${item.title}: ${STATUS_LABEL[status]}.` }),
      () => toast({ message: `${item.ref} was not changed; the server refused. Open the item to see why.`, tone: "danger" }),
    );
  }

  return (
    <section aria-labelledby="checklist-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="checklist-heading" tabIndex={-1} className="text-lg font-semibold">
          Checklist <span className="text-sm font-normal tabular-nums text-zinc-600 dark:text-zinc-400">({items.length} items)</span>
        </h2>
        <div className="flex flex-wrap gap-2">
          <Button variant="ghost" onClick={() => setHelp(true)} aria-haspopup="dialog" aria-keyshortcuts="?">
            <Keyboard aria-hidden="true" className="size-4" />
            Keyboard shortcuts
          </Button>
          {addItem}
        </div>
      </div>
      {items.length === 0 ? (
        <EmptyState title="The checklist is empty">
          {addItem ? "Add the first item with Add item, or start the next launch from a template." : "An approver or admin adds items; ask one if something is missing."}
        </EmptyState>
      ) : (
        <div onKeyDown={onKeyDown} className="space-y-6">
          {groupBySection(items).map(([section, rows]) => (
            <section key={section} aria-labelledby={`section-${slugify(section)}`}>
              <h3 id={`section-${slugify(section)}`} className="mb-2 text-sm font-semibold uppercase tracking-wide text-zinc-700 dark:text-zinc-300">
                {section}
              </h3>
              <ul className="divide-y divide-zinc-200 overflow-hidden rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
                {rows.map((item) => (
                  <ItemRow key={item.id} projectId={projectId} item={item} canWork={canWork} href={itemHref(item.id)} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
      <Suspense fallback={null}>{help && <ShortcutsDialog onClose={() => setHelp(false)} canWork={canWork} />}</Suspense>
    </section>
  );
}

function ItemRow({ projectId, item, canWork, href }: { projectId: string; item: TItem; canWork: boolean; href: string }) {
  const open = !item.satisfied;
  return (
    <li data-item-row data-item-id={item.id} data-testid="checklist-item" className="flex flex-col gap-2 px-4 py-3 focus-within:bg-zinc-50 sm:flex-row sm:items-start sm:justify-between dark:focus-within:bg-zinc-800/50">
      <div className="min-w-0 flex-1 space-y-1">
        <p className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
          <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{item.ref}</span>
          <Link id={`item-${item.id}`} data-item-link href={href} className="break-words font-medium text-zinc-900 underline-offset-2 hover:underline dark:text-zinc-50">
            {item.title}
          </Link>
          <ItemTags item={item} />
          {item.waiver && (
            <Tag tone={item.waiver.expired ? "danger" : "warning"} icon={ShieldAlert}>
              {item.waiver.expired ? "Waiver expired" : `Waived by ${item.waiver.by}`}
            </Tag>
          )}
        </p>
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-700 dark:text-zinc-300">
          <span className="inline-flex items-center gap-1">
            <UserRound aria-hidden="true" className="size-3.5" />
            {item.assignee ? item.assignee.name || item.assignee.email : "Unassigned"}
          </span>
          {item.dueAt && (
            <span className={`inline-flex items-center gap-1 ${item.overdue && open ? "font-semibold text-red-700 dark:text-red-400" : ""}`}>
              <Clock aria-hidden="true" className="size-3.5" />
              {item.overdue && open ? "Overdue: was due " : "Due "}
              <RelativeTime iso={item.dueAt} />
            </span>
          )}
          {item.binding && (
            <span className="inline-flex min-w-0 items-center gap-1">
              <Bot aria-hidden="true" className="size-3.5 shrink-0" />
              <span className="break-words">{item.binding.summary ?? "Not measured yet"}</span>
            </span>
          )}
        </p>
        {item.problem && <p className="text-xs text-zinc-600 dark:text-zinc-400">{item.problem}</p>}
      </div>
      <div className="shrink-0">
        <StatusControl projectId={projectId} item={item} canWork={canWork} compact />
      </div>
    </li>
  );
}
