"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Snowflake, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { SelectField, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Badge } from "@/components/ui/status-pill";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { createFreezeWindow, deleteFreezeWindow, deploymentKeys, fetchFreezeWindows, type TFreezeWindow } from "@/lib/queries/deployments";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function FreezeWindows({ projectId, target, initial, canManage }: { projectId: string; target: { id: string; name: string }; initial: TFreezeWindow[]; canManage: boolean }) {
  const key = deploymentKeys.freeze(projectId, target.id);
  const { data: windows = initial } = useQuery({ queryKey: key, queryFn: () => fetchFreezeWindows(projectId, target.id), initialData: initial });
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<TFreezeWindow | null>(null);
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: key }), queryClient.invalidateQueries({ queryKey: deploymentKeys.targetState(projectId, target.id) })]);
  const remove = useMutation({
    mutationFn: (w: TFreezeWindow) => deleteFreezeWindow(projectId, w.id),
    onSuccess: async (_, w) => {
      setRemoving(null);
      queryClient.setQueryData<TFreezeWindow[]>(key, (list) => list?.filter((x) => x.id !== w.id));
      toast({ message: `Removed the freeze window ${w.name}.` });
      document.getElementById("freeze-heading")?.focus();
      await refresh();
    },
  });

  return (
    <Card aria-labelledby="freeze-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="freeze-heading" tabIndex={-1} className="text-lg font-semibold">
          Freeze windows
        </h2>
        {canManage && (
          <Button variant="secondary" onClick={() => setAdding(true)} aria-haspopup="dialog">
            <Plus aria-hidden="true" className="size-4" />
            Add freeze window
          </Button>
        )}
      </div>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">While a window is open, deployments to {target.name} wait; an admin can override one with a reason. Rollbacks are never held back.</p>
      {windows.length === 0 ? (
        <p className="mt-3 text-sm">{canManage ? "None. Add one for launch days, weekends or nights when nobody should ship." : "None. A project admin can add windows when nobody should ship."}</p>
      ) : (
        <ul className="mt-3 divide-y divide-zinc-200 dark:divide-zinc-800">
          {windows.map((w) => (
            <li key={w.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
              <div className="min-w-0 text-sm">
                <p className="flex flex-wrap items-center gap-2 font-semibold">
                  <Snowflake aria-hidden="true" className="size-4 text-sky-700 dark:text-sky-300" />
                  {w.name}
                  {w.openNow && <Badge tone="warning">Open now</Badge>}
                  <Badge>{w.targetId ? `${target.name} only` : "All targets"}</Badge>
                </p>
                <p className="mt-0.5 break-words text-zinc-700 dark:text-zinc-300">{w.description}</p>
              </div>
              {canManage && (
                <Button variant="ghost" onClick={() => setRemoving(w)} aria-label={`Delete the freeze window ${w.name}`}>
                  <Trash2 aria-hidden="true" className="size-4" />
                  Delete
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <Dialog open={adding} onClose={() => setAdding(false)} title="Add a freeze window" description="Deployments wait while it is open." wide>
        <FreezeForm
          projectId={projectId}
          target={target}
          onCancel={() => setAdding(false)}
          onDone={async (w) => {
            setAdding(false);
            toast({ message: `Added the freeze window ${w.name}: ${w.description}` });
            await refresh();
          }}
        />
      </Dialog>
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Delete the freeze window ${removing?.name ?? ""}?`}
        confirmLabel={`Delete ${removing?.name ?? ""}`}
        onConfirm={() => removing && remove.mutate(removing)}
        busy={remove.isPending}
        error={remove.error ? <ErrorText error={remove.error} fallback="The window was not deleted. Try again." /> : null}
      >
        <p>
          {removing?.description} Deployments {removing?.targetId ? `to ${target.name}` : "to every target"} are no longer held back by it.
        </p>
      </ConfirmDialog>
    </Card>
  );
}

const browserZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
};

function FreezeForm({ projectId, target, onCancel, onDone }: { projectId: string; target: { id: string; name: string }; onCancel: () => void; onDone: (w: TFreezeWindow) => void }) {
  const id = useId();
  const [kind, setKind] = useState<"one_off" | "weekly">("one_off");
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"target" | "project">("target");
  const [startsAt, setStartsAt] = useState("");
  const [endsAt, setEndsAt] = useState("");
  const [weekdays, setWeekdays] = useState<number[]>([]);
  const [startTime, setStartTime] = useState("18:00");
  const [endTime, setEndTime] = useState("08:00");
  const [timeZone, setTimeZone] = useState(browserZone);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = "Give the window a name, such as Launch day.";
    if (kind === "one_off") {
      if (!startsAt) errs.startsAt = "Choose when the window opens.";
      if (!endsAt) errs.endsAt = "Choose when the window closes.";
      if (startsAt && endsAt && new Date(endsAt) <= new Date(startsAt)) errs.endsAt = "Must be after the start.";
    } else if (!weekdays.length) errs.weekdays = "Choose at least one day.";
    setErrors(errs);
    setError(null);
    if (Object.keys(errs).length) return;
    const common = { name: name.trim(), targetId: scope === "target" ? target.id : null, timeZone };
    const body =
      kind === "one_off"
        ? { kind, ...common, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString() }
        : { kind, ...common, weekdays: [...weekdays].sort(), startTime, endTime };
    setBusy(true);
    try {
      onDone(await createFreezeWindow(projectId, body));
    } catch (err) {
      if (err instanceof ApiError) {
        const fe = err.fieldErrors();
        setErrors(Object.fromEntries(Object.entries(fe).map(([k, v]) => [k, `${v[0].toUpperCase()}${v.slice(1)}.`])));
        setError(err);
      } else setError(new ApiError(0, "unknown", "The window was not added. Try again."));
    } finally {
      setBusy(false);
    }
  }

  const toggleDay = (d: number) => setWeekdays((w) => (w.includes(d) ? w.filter((x) => x !== d) : [...w, d]));
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormError error={error} title="The window was not added" />
      <TextField id={`${id}-name`} label="Name" required value={name} onChange={(e) => setName(e.target.value)} error={errors.name} maxLength={80} placeholder="Launch day" />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField id={`${id}-kind`} label="Repeats" value={kind} onChange={(e) => setKind(e.target.value as "one_off" | "weekly")}>
          <option value="one_off">Once</option>
          <option value="weekly">Every week</option>
        </SelectField>
        <SelectField id={`${id}-scope`} label="Holds back" value={scope} onChange={(e) => setScope(e.target.value as "target" | "project")} error={errors.targetId}>
          <option value="target">{target.name} only</option>
          <option value="project">Every target of the project</option>
        </SelectField>
      </div>
      {kind === "one_off" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField id={`${id}-starts`} type="datetime-local" label="Opens" required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} error={errors.startsAt} description="In your browser's time zone." />
          <TextField id={`${id}-ends`} type="datetime-local" label="Closes" required value={endsAt} onChange={(e) => setEndsAt(e.target.value)} error={errors.endsAt} />
        </div>
      ) : (
        <>
          <fieldset aria-describedby={errors.weekdays ? `${id}-days-error` : undefined}>
            <legend className="text-sm font-medium">
              Days <span aria-hidden="true" className="text-red-700 dark:text-red-400">*</span>
            </legend>
            <div className="mt-1.5 flex flex-wrap gap-2">
              {DAYS.map((label, i) => (
                <label key={label} className="inline-flex items-center gap-1.5 rounded-md border border-zinc-300 px-2.5 py-1.5 text-sm has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50 dark:border-zinc-600 dark:has-[:checked]:border-indigo-400 dark:has-[:checked]:bg-indigo-950">
                  <input type="checkbox" checked={weekdays.includes(i + 1)} onChange={() => toggleDay(i + 1)} className="size-4" />
                  {label}
                </label>
              ))}
            </div>
            {errors.weekdays && (
              <p id={`${id}-days-error`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
                {errors.weekdays}
              </p>
            )}
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField id={`${id}-from`} type="time" label="From" required value={startTime} onChange={(e) => setStartTime(e.target.value)} error={errors.startTime} />
            <TextField id={`${id}-to`} type="time" label="Until" required value={endTime} onChange={(e) => setEndTime(e.target.value)} error={errors.endTime} description="At or before From: the next day." />
            <TextField id={`${id}-zone`} label="Time zone" required value={timeZone} onChange={(e) => setTimeZone(e.target.value)} error={errors.timeZone} description="IANA, such as Europe/Amsterdam." />
          </div>
        </>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" busy={busy}>
          Add freeze window
        </Button>
      </div>
    </form>
  );
}
