"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "./button";
import { SelectField, TextField } from "./field";
import { FormError } from "./form-error";
import { focusFirstField } from "@/components/deployments/dialog-loading";
import { ApiError } from "@/lib/queries/api";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const browserZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
};

export type TimeWindowBody =
  | { kind: "one_off"; name: string; targetId: string | null; timeZone: string; startsAt: string; endsAt: string }
  | { kind: "weekly"; name: string; targetId: string | null; timeZone: string; weekdays: number[]; startTime: string; endTime: string };

type Props<T> = {
  /** Where the window applies: "" is the whole project (targetId null). */
  scopes: { value: string; label: string }[];
  scopeLabel: string;
  words: { namePlaceholder: string; opens: string; closes: string; submit: string; failed: string };
  defaultTimes: [string, string];
  save: (body: TimeWindowBody) => Promise<T>;
  onCancel: () => void;
  onDone: (saved: T) => void;
};

/**
 * A one-off or weekly window in a time zone: the shape freeze windows and maintenance windows share
 * (lib/deployments/freeze-schemas.ts). Field issues from the API are shown beside their fields.
 */
export function TimeWindowForm<T>({ scopes, scopeLabel, words, defaultTimes, save, onCancel, onDone }: Props<T>) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => focusFirstField(formRef.current), []);
  const [kind, setKind] = useState<"one_off" | "weekly">("one_off");
  const [name, setName] = useState("");
  const [scope, setScope] = useState(scopes[0]?.value ?? "");
  const [startsAt, setStartsAt] = useState("");
  const [endsAt, setEndsAt] = useState("");
  const [weekdays, setWeekdays] = useState<number[]>([]);
  const [startTime, setStartTime] = useState(defaultTimes[0]);
  const [endTime, setEndTime] = useState(defaultTimes[1]);
  const [timeZone, setTimeZone] = useState(browserZone);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = `Give the window a name, such as ${words.namePlaceholder}.`;
    if (kind === "one_off") {
      if (!startsAt) errs.startsAt = `Choose when the window ${words.opens.toLowerCase()}.`;
      if (!endsAt) errs.endsAt = `Choose when the window ${words.closes.toLowerCase()}.`;
      if (startsAt && endsAt && new Date(endsAt) <= new Date(startsAt)) errs.endsAt = "Must be after the start.";
    } else if (!weekdays.length) errs.weekdays = "Choose at least one day.";
    setErrors(errs);
    setError(null);
    if (Object.keys(errs).length) return;
    const common = { name: name.trim(), targetId: scope || null, timeZone };
    const body: TimeWindowBody =
      kind === "one_off"
        ? { kind, ...common, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString() }
        : { kind, ...common, weekdays: [...weekdays].sort(), startTime, endTime };
    setBusy(true);
    try {
      onDone(await save(body));
    } catch (err) {
      if (err instanceof ApiError) {
        const fe = err.fieldErrors();
        setErrors(Object.fromEntries(Object.entries(fe).map(([k, v]) => [k, `${v[0].toUpperCase()}${v.slice(1)}.`])));
        setError(err);
      } else setError(new ApiError(0, "unknown", `${words.failed}. Try again.`));
    } finally {
      setBusy(false);
    }
  }

  const toggleDay = (d: number) => setWeekdays((w) => (w.includes(d) ? w.filter((x) => x !== d) : [...w, d]));
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4">
      <FormError error={error} title={words.failed} />
      <TextField id={`${id}-name`} label="Name" required value={name} onChange={(e) => setName(e.target.value)} error={errors.name} maxLength={80} placeholder={words.namePlaceholder} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField id={`${id}-kind`} label="Repeats" value={kind} onChange={(e) => setKind(e.target.value as "one_off" | "weekly")}>
          <option value="one_off">Once</option>
          <option value="weekly">Every week</option>
        </SelectField>
        <SelectField id={`${id}-scope`} label={scopeLabel} value={scope} onChange={(e) => setScope(e.target.value)} error={errors.targetId}>
          {scopes.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </SelectField>
      </div>
      {kind === "one_off" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField id={`${id}-starts`} type="datetime-local" label={words.opens} required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} error={errors.startsAt} description="In your browser's time zone." />
          <TextField id={`${id}-ends`} type="datetime-local" label={words.closes} required value={endsAt} onChange={(e) => setEndsAt(e.target.value)} error={errors.endsAt} />
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
          {words.submit}
        </Button>
      </div>
    </form>
  );
}
