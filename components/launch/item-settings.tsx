"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { RelativeTime } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { ApiError } from "@/lib/queries/api";
import type { TItem, TItemPatch, TMember } from "@/lib/queries/launch";
import { isoToLocal, localToIso } from "./dates";
import { useUpdateItem, type LaunchViewer } from "./use-launch";

export const box = "rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";

const person = (p: TItem["owner"]) => (p ? p.name || p.email : null);

export function useSave(projectId: string, item: TItem, names: Record<string, string>) {
  const update = useUpdateItem(projectId);
  const toast = useToast();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function save(patch: TItemPatch, message: string) {
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      await update(item, patch);
      toast({ message });
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "unknown", "Something went wrong. Try again.");
      setErrors(Object.fromEntries(Object.entries(e.fieldErrors()).map(([k, m]) => [k, `${names[k] ?? k} ${m}.`])));
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return { save, errors, error, busy };
}

/** Owner (launch.manage), assignee and due date (checklist.work); read-only words for everyone else. */
export function ItemPeople({ projectId, item, viewer, members }: { projectId: string; item: TItem; viewer: LaunchViewer; members: TMember[] }) {
  const id = useId();
  const [ownerId, setOwnerId] = useState(item.owner?.id ?? "");
  const [assigneeId, setAssigneeId] = useState(item.assignee?.id ?? "");
  // The server renders in UTC, the browser in its own zone: the date is filled in once hydrated, so both renders agree.
  const hydrated = useHydrated();
  const [edited, setDue] = useState<string | null>(null);
  const due = edited ?? (hydrated ? isoToLocal(item.dueAt) : "");
  const { save, errors, error, busy } = useSave(projectId, item, { ownerId: "Owner", assigneeId: "Assignee", dueAt: "Due" });
  const options = (none: string) => (
    <>
      <option value="">{none}</option>
      {members.map((m) => (
        <option key={m.userId} value={m.userId}>
          {m.name || m.email} ({m.role})
        </option>
      ))}
    </>
  );
  if (!viewer.canWork) {
    return (
      <section aria-labelledby="people-heading" className={box}>
        <h2 id="people-heading" className="mb-3 text-base font-semibold">
          People and dates
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-zinc-600 dark:text-zinc-400">Owner</dt>
          <dd>{person(item.owner) ?? "Nobody"}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Assignee</dt>
          <dd>{person(item.assignee) ?? "Unassigned"}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Due</dt>
          <dd>{item.dueAt ? <RelativeTime iso={item.dueAt} /> : "No due date"}</dd>
        </dl>
      </section>
    );
  }
  function submit(e: React.FormEvent) {
    e.preventDefault();
    const patch: TItemPatch = { assigneeId: assigneeId || null, dueAt: localToIso(due) };
    if (viewer.canManage) patch.ownerId = ownerId || null;
    const who = members.find((m) => m.userId === assigneeId);
    void save(patch, `Saved ${item.ref}: ${who ? `assigned to ${who.name || who.email}` : "unassigned"}${due ? "" : ", no due date"}.`);
  }
  return (
    <section aria-labelledby="people-heading" className={box}>
      <h2 id="people-heading" className="mb-3 text-base font-semibold">
        People and dates
      </h2>
      <form onSubmit={submit} noValidate className="space-y-3">
        <FormError error={error} title="Not saved" />
        {viewer.canManage ? (
          <SelectField id={`${id}-owner`} label="Owner" description="Answers for the item; an owner cannot sign off their own item." value={ownerId} onChange={(e) => setOwnerId(e.target.value)} error={errors.ownerId}>
            {options("Nobody")}
          </SelectField>
        ) : (
          <p className="text-sm">
            <span className="text-zinc-600 dark:text-zinc-400">Owner: </span>
            {person(item.owner) ?? "Nobody"}
          </p>
        )}
        <SelectField id={`${id}-assignee`} label="Assignee" value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)} error={errors.assigneeId}>
          {options("Unassigned")}
        </SelectField>
        <TextField id={`${id}-due`} type="datetime-local" label="Due" description="In your browser's time zone; empty for no due date." value={due} onChange={(e) => setDue(e.target.value)} error={errors.dueAt} />
        {item.overdue && !item.satisfied && <p className="text-sm font-semibold text-red-700 dark:text-red-400">Overdue.</p>}
        <Button type="submit" variant="secondary" busy={busy}>
          Save people and date
        </Button>
      </form>
    </section>
  );
}

/** Blocking, sign-off and renewal: how the item gates the launch (launch.manage). */
