"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Play, Rocket, Save } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { focusFirstField } from "@/components/deployments/dialog-loading";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { EnvironmentBadge } from "@/components/ui/environment-badge";
import { SelectField, TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { createQaProfile, createQaRun, qaKeys, updateQaProfile, type QaProfileBody, type QaProfilePatch, type QaRunBody, type TQaKind, type TQaProfile } from "@/lib/queries/qa";
import { KindFields } from "./kind-fields";
import { KIND_BLURB, KIND_ICON, KIND_LABEL, KINDS, isProd } from "./labels";
import type { QaTarget } from "./latest-grid";
import { QaError } from "./qa-error";
import { SecretHeaders } from "./secret-headers";
import { buildSecrets, placeSecretIssue, secretKeysOf, type SecretRow, type WithSecrets } from "./secrets";
import { buildSettings, initialValues, placeIssues, type FormValue, type FormValues } from "./settings";

export type RunFormMode = { type: "run"; targetId?: string; kind?: TQaKind } | { type: "profile" } | { type: "edit"; profile: TQaProfile };
type Props = { projectId: string; projectSlug: string; targets: QaTarget[]; canProductionLoad: boolean; mode: RunFormMode; onClose: () => void };

const PROD_CONFIRM = "I understand this sends QA traffic to production, which real users share";

/** "New QA run", "Save a profile" and "Edit profile": target, kind, the kind's settings and, for profiles, the schedule. */
export function RunForm({ projectId, projectSlug, targets, canProductionLoad, mode, onClose }: Props) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => focusFirstField(formRef.current), []);
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const editing = mode.type === "edit" ? mode.profile : null;
  const [targetId, setTargetId] = useState(editing?.targetId ?? (mode.type === "run" ? mode.targetId : undefined) ?? targets[0]?.id ?? "");
  const [kind, setKind] = useState<TQaKind>(editing?.kind ?? (mode.type === "run" ? mode.kind : undefined) ?? "load");
  const [values, setValues] = useState<Partial<Record<TQaKind, FormValues>>>(() => (editing ? { [editing.kind]: initialValues(editing.kind, editing.settings) } : {}));
  const [changed, setChanged] = useState<Set<string>>(new Set());
  const [secretRows, setSecretRows] = useState<SecretRow[]>([]);
  const [removedSecrets, setRemovedSecrets] = useState<string[]>([]);
  const [name, setName] = useState(editing?.name ?? "");
  const [everyHours, setEveryHours] = useState(editing?.everyHours ? String(editing.everyHours) : "");
  const [afterDeploy, setAfterDeploy] = useState(editing?.afterDeploy ?? false);
  const [confirm, setConfirm] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const target = targets.find((t) => t.id === targetId);
  const prod = target ? isProd(target.environment) : false;
  const kindValues = values[kind] ?? initialValues(kind);
  // Errors belong to what was sent; another kind or target starts clean.
  const reset = () => (setErrors({}), setOther([]), setError(null));
  const set = (key: string, value: FormValue) => {
    setValues((all) => ({ ...all, [kind]: { ...(all[kind] ?? initialValues(kind)), [key]: value } }));
    setChanged((c) => new Set(c).add(key));
  };
  // Secret headers belong to load tests only; the rows stay while another kind is chosen but are not sent with it.
  const withSecrets = kind === "load";
  const secretsTouched = withSecrets && (secretRows.some((r) => r.name.trim() || r.value) || removedSecrets.length > 0);
  // Renaming a production profile changes nothing that runs; anything else is confirmed again (the server's rule).
  const needsConfirm = prod && (!editing || [...changed].length > 0 || secretsTouched || everyHours !== (editing.everyHours ? String(editing.everyHours) : "") || afterDeploy !== editing.afterDeploy);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (mode.type !== "run" && !name.trim()) errs.name = "Name the profile, such as “Nightly load on staging”.";
    if (!target) errs.targetId = "Choose a target.";
    const hours = everyHours.trim() === "" ? null : Number(everyHours);
    if (hours !== null && (!Number.isInteger(hours) || hours < 1 || hours > 720)) errs.everyHours = "A whole number of hours from 1 to 720, or empty for no schedule.";
    if (needsConfirm && !confirm) errs.confirmProduction = "Tick this to confirm: the run reaches the production target.";
    const { secrets, errors: secretErrors } = withSecrets ? buildSecrets(secretRows) : { secrets: undefined, errors: {} };
    Object.assign(errs, secretErrors);
    setErrors(errs);
    setOther([]);
    setError(null);
    if (Object.keys(errs).length) {
      formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
      return;
    }
    const settings = buildSettings(kind, kindValues, changed, editing?.settings ?? {});
    const confirmProduction = needsConfirm ? true : undefined;
    // Top level of the body, beside settings (never inside them): the API stores them apart, encrypted.
    // Saved names marked "Remove" go as null, which the API takes as removal; a row of the same name replaces instead.
    const removals = editing && withSecrets ? Object.fromEntries(removedSecrets.filter((n) => !secrets?.[n]).map((n) => [n, null])) : {};
    const allSecrets = { ...removals, ...secrets };
    const secretPart: WithSecrets = Object.keys(allSecrets).length ? { secrets: allSecrets } : {};
    setBusy(true);
    try {
      if (mode.type === "run") {
        const body: QaRunBody & WithSecrets = { targetId, kind, ...(Object.keys(settings).length ? { settings } : {}), confirmProduction, ...secretPart };
        const run = await createQaRun(projectId, body);
        toast({ message: `${run.ref} queued: ${KIND_LABEL[kind]} on ${run.targetName}.` });
        void queryClient.invalidateQueries({ queryKey: qaKeys.all(projectId) });
        onClose();
        router.push(`/projects/${projectSlug}/qa/${run.id}`);
        return;
      }
      if (editing) {
        const patch: QaProfilePatch & WithSecrets = { confirmProduction, ...secretPart };
        if (name.trim() !== editing.name) patch.name = name.trim();
        if (changed.size) patch.settings = settings;
        if (hours !== editing.everyHours) patch.everyHours = hours;
        if (afterDeploy !== editing.afterDeploy) patch.afterDeploy = afterDeploy;
        const saved = await updateQaProfile(projectId, editing.id, patch);
        toast({ message: `Saved the profile “${saved.name}”.` });
      } else {
        const body: QaProfileBody & WithSecrets = { name: name.trim(), targetId, kind, settings, everyHours: hours, afterDeploy, confirmProduction, ...secretPart };
        const saved = await createQaProfile(projectId, body);
        toast({ message: `Saved the profile “${saved.name}”: ${KIND_LABEL[kind]} on ${saved.targetName}.` });
      }
      void queryClient.invalidateQueries({ queryKey: qaKeys.profiles(projectId) });
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        const secretIssues = err.issues.map((issue) => placeSecretIssue(issue, secretRows));
        const placed = placeIssues(kind, err.issues.filter((_, i) => !secretIssues[i]));
        for (const placedSecret of secretIssues) if (placedSecret) placed.fields[placedSecret[0]] ??= placedSecret[1];
        setErrors(placed.fields);
        setOther(placed.other);
        requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
      }
      setError(err);
      setBusy(false);
    }
  }

  const issueCount = Object.keys(errors).length;
  const KindIcon = KIND_ICON[kind];
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-5">
      {mode.type !== "run" && <TextField id={`${id}-name`} label="Name" required value={name} onChange={(e) => setName(e.target.value)} maxLength={80} error={errors.name} placeholder="Nightly load on staging" />}
      {editing ? (
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <KindIcon aria-hidden="true" className="size-4 text-zinc-500 dark:text-zinc-400" />
          <span className="font-medium">{KIND_LABEL[kind]}</span> on <span className="font-medium">{editing.targetName}</span>
          {(isProd(editing.environment) || editing.environment !== editing.targetName) && <EnvironmentBadge environment={editing.environment} />}
          <span className="text-zinc-600 dark:text-zinc-400">(a profile keeps its kind and target)</span>
        </p>
      ) : (
        <>
          <SelectField id={`${id}-target`} label="Target" value={targetId} onChange={(e) => (setTargetId(e.target.value), reset())} error={errors.targetId} description={target && (prod || target.name !== target.environment) ? <EnvironmentBadge environment={target.environment} /> : undefined}>
            {targets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
                {t.name !== t.environment ? ` (${t.environment})` : ""}
              </option>
            ))}
          </SelectField>
          <fieldset aria-describedby={errors.kind ? `${id}-kind-error` : undefined}>
            <legend className="text-sm font-medium">Kind</legend>
            <div className="mt-1.5 grid gap-2">
              {KINDS.map((k) => {
                const Icon = KIND_ICON[k];
                return (
                  <label
                    key={k}
                    className="flex items-start gap-2.5 rounded-md border border-zinc-300 px-3 py-2 text-sm has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-500 dark:border-zinc-600 dark:has-[:checked]:border-indigo-400 dark:has-[:checked]:bg-indigo-950"
                  >
                    <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => (setKind(k), reset())} className="mt-0.5 size-4 shrink-0 accent-indigo-600" />
                    <Icon aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-zinc-600 dark:text-zinc-300" />
                    <span>
                      <span className="font-medium">{KIND_LABEL[k]}</span>
                      <span className="block text-xs text-zinc-600 dark:text-zinc-400">{KIND_BLURB[k]}</span>
                    </span>
                  </label>
                );
              })}
            </div>
            {errors.kind && (
              <p id={`${id}-kind-error`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
                {errors.kind}
              </p>
            )}
          </fieldset>
        </>
      )}
      <fieldset className="space-y-3 rounded-md border border-zinc-200 p-4 dark:border-zinc-700">
        <legend className="px-1 text-sm font-semibold">{KIND_LABEL[kind]} settings</legend>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">Leave a field empty to use the default shown in it.</p>
        <KindFields id={id} kind={kind} values={kindValues} set={set} errors={errors} />
        {withSecrets && <SecretHeaders id={id} rows={secretRows} onChange={setSecretRows} errors={errors} saved={editing ? secretKeysOf(editing) : []} removed={removedSecrets} onRemovedChange={editing ? setRemovedSecrets : undefined} />}
      </fieldset>
      {mode.type !== "run" && (
        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold">When it runs</legend>
          <TextField id={`${id}-every`} type="number" inputMode="numeric" min={1} max={720} label="Every N hours" value={everyHours} onChange={(e) => setEveryHours(e.target.value)} placeholder="24" description="Empty: no schedule; it runs by hand (and after deploys if ticked)." error={errors.everyHours} />
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" checked={afterDeploy} onChange={(e) => setAfterDeploy(e.target.checked)} className="mt-0.5 size-4 shrink-0 accent-indigo-600" />
            <span>
              <span className="font-medium">Run after each deploy</span>
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">After every successful deployment to {editing?.targetName ?? target?.name ?? "the target"}.</span>
            </span>
          </label>
        </fieldset>
      )}
      {prod && kind === "load" && !canProductionLoad && error === null && (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">A load test against production is started by an approver or admin; your role cannot start it.</p>
      )}
      {prod && (
        <div className="rounded-md border border-rose-300 bg-rose-50 p-3 dark:border-rose-800 dark:bg-rose-950">
          <label htmlFor={`${id}-confirm`} className="flex items-start gap-2 text-sm font-medium text-rose-950 dark:text-rose-100">
            <input
              id={`${id}-confirm`}
              type="checkbox"
              checked={confirm}
              onChange={(e) => setConfirm(e.target.checked)}
              aria-invalid={errors.confirmProduction ? true : undefined}
              aria-describedby={errors.confirmProduction ? `${id}-confirm-error` : undefined}
              className="mt-0.5 size-4 shrink-0 accent-rose-700"
            />
            <span>
              <Rocket aria-hidden="true" className="mr-1 inline size-4 align-[-3px]" />
              {PROD_CONFIRM}
              {mode.type !== "run" && <span className="block text-xs font-normal">Scheduled and after-deploy runs of this profile rely on this confirmation.</span>}
            </span>
          </label>
          {errors.confirmProduction && (
            <p id={`${id}-confirm-error`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-300">
              {errors.confirmProduction}
            </p>
          )}
        </div>
      )}
      {error !== null && (issueCount > 0 || other.length > 0) ? (
        <Alert title={mode.type === "run" ? "The run was not started" : "The profile was not saved"}>
          {issueCount > 0 && <p>Check the {issueCount === 1 ? "field" : `${issueCount} fields`} marked above.</p>}
          {other.length > 0 && (
            <ul className="mt-1 list-disc pl-5">
              {other.map((o) => (
                <li key={o} className="break-words">
                  {o}
                </li>
              ))}
            </ul>
          )}
        </Alert>
      ) : error !== null ? (
        <QaError error={error} fallback={mode.type === "run" ? "The run was not started. Try again." : "The profile was not saved. Try again."} />
      ) : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" busy={busy} variant={prod ? "production" : "primary"}>
          {mode.type !== "run" ? <Save aria-hidden="true" className="size-4" /> : prod ? <Rocket aria-hidden="true" className="size-4" /> : <Play aria-hidden="true" className="size-4" />}
          {mode.type === "run" ? `Start on ${target?.name ?? "the target"}` : editing ? "Save changes" : "Save profile"}
        </Button>
      </div>
    </form>
  );
}
