"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { ApiError } from "@/lib/queries/api";
import { createFreezeWindow, type TFreezeWindow } from "@/lib/queries/deployments";
import { focusFirstField } from "./dialog-loading";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const browserZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
};

/** Loaded when the add dialog first opens (see freeze-windows.tsx). */
export function FreezeForm({ projectId, target, onCancel, onDone }: { projectId: string; target: { id: string; name: string }; onCancel: () => void; onDone: (w: TFreezeWindow) => void }) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => focusFirstField(formRef.current), []);
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
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4">
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
