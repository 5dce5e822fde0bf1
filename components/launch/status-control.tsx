"use client";

import { useId, useState } from "react";
import { ErrorText } from "@/components/ui/error-text";
import { useToast } from "@/components/ui/toast";
import type { TItem, TItemStatus } from "@/lib/queries/launch";
import { ItemStatus, SETTABLE, STATUS_LABEL, StatusIcon } from "./labels";
import { useUpdateItem } from "./use-launch";

/**
 * A native <select> for the item's status: keyboard and screen readers know it already. A waived item shows its
 * waiver instead: it changes back only when the waiver is revoked.
 */
export function StatusControl({ projectId, item, canWork, label, compact }: { projectId: string; item: TItem; canWork: boolean; label?: string; compact?: boolean }) {
  const id = useId();
  const update = useUpdateItem(projectId);
  const toast = useToast();
  const [error, setError] = useState<unknown>(null);
  if (!canWork || item.status === "waived") return <ItemStatus status={item.status} />;
  async function change(status: Exclude<TItemStatus, "waived">) {
    setError(null);
    try {
      await update(item, { status });
      toast({ message: `${item.ref} ${item.title}: ${STATUS_LABEL[status]}.` });
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div className={compact ? "" : "space-y-1"}>
      {!compact && (
        <label htmlFor={id} className="text-sm font-medium">
          {label ?? "Status"}
        </label>
      )}
      <div className="flex items-center gap-1.5">
        <StatusIcon status={item.status} className="size-4 shrink-0" />
        <select
          id={id}
          data-item-status
          aria-label={compact ? `Status of ${item.ref} ${item.title}` : undefined}
          value={item.status}
          onChange={(e) => void change(e.target.value as Exclude<TItemStatus, "waived">)}
          className="rounded-md border border-zinc-400 bg-white py-1 pl-2 pr-7 text-sm text-zinc-900 dark:border-zinc-500 dark:bg-zinc-900 dark:text-zinc-100"
        >
          {SETTABLE.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      {error !== null && <ErrorText error={error} fallback="The status was not changed. Try again." className="mt-1" />}
    </div>
  );
}
