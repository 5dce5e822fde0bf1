"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Rocket } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { deleteQaProfile, qaKeys, type TQaKind, type TQaProfile, type TQaRun } from "@/lib/queries/qa";
import { KIND_LABEL } from "./labels";
import type { QaTarget } from "./latest-grid";
import { QaError } from "./qa-error";
import { RunForm, type RunFormMode } from "./run-form";

// Loaded on first use (qa-view.tsx, run-view.tsx), all behind one lazy import: each lazy() wrapper costs first-load bytes.

export type QaDialogState =
  | { kind: "form"; mode: RunFormMode }
  | { kind: "delete"; profile: TQaProfile }
  /** A run against production started from a button (Run now, Run again): the confirmation is asked here. */
  | { kind: "confirm"; what: { label: string; qaKind: TQaKind; targetName: string; environment: string }; start: (confirmProduction: boolean) => Promise<TQaRun>; onStarted: (run: TQaRun) => void };

type Props = { projectId: string; projectSlug: string; targets: QaTarget[]; canProductionLoad: boolean; state: QaDialogState; onClose: () => void };

export function QaDialog({ state, ...props }: Props) {
  if (state.kind === "form") return <FormDialog {...props} mode={state.mode} />;
  if (state.kind === "delete") return <DeleteDialog {...props} profile={state.profile} />;
  return <ConfirmProductionDialog {...props} state={state} />;
}

function FormDialog({ mode, onClose, ...props }: Omit<Props, "state"> & { mode: RunFormMode }) {
  const title = mode.type === "run" ? "New QA run" : mode.type === "profile" ? "Save a QA profile" : `Edit “${mode.profile.name}”`;
  const description =
    mode.type === "run"
      ? "A worker runs it against the target and reports progress here. T-Minus fills in defaults for anything you leave empty."
      : "A profile keeps a kind's settings for one target, to run by hand, every few hours or after each deploy.";
  return (
    <Dialog open onClose={onClose} title={title} description={description} wide>
      <RunForm {...props} mode={mode} onClose={onClose} />
    </Dialog>
  );
}

function DeleteDialog({ projectId, profile, onClose }: Omit<Props, "state"> & { profile: TQaProfile }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await deleteQaProfile(projectId, profile.id);
      toast({ message: `Deleted the profile “${profile.name}”. Its runs stay in the history.` });
      void queryClient.invalidateQueries({ queryKey: qaKeys.profiles(projectId) });
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <ConfirmDialog open onClose={onClose} title={`Delete “${profile.name}”?`} confirmLabel={`Delete ${profile.name}`} onConfirm={remove} busy={busy} error={error ? <QaError error={error} fallback="The profile was not deleted. Try again." /> : undefined}>
      {KIND_LABEL[profile.kind]} on {profile.targetName}{" "}
      {profile.everyHours && profile.afterDeploy ? "stops running on its schedule and after deploys" : profile.everyHours ? "stops running on its schedule" : profile.afterDeploy ? "stops running after deploys" : "can no longer be run with one click"}. The runs it started stay in the history.
    </ConfirmDialog>
  );
}

function ConfirmProductionDialog({ state, onClose }: Omit<Props, "state"> & { state: Extract<QaDialogState, { kind: "confirm" }> }) {
  const id = useId();
  const [confirm, setConfirm] = useState(false);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { what } = state;
  async function start(e: React.FormEvent) {
    e.preventDefault();
    if (!confirm) {
      setMissing(true);
      document.getElementById(`${id}-confirm`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const run = await state.start(true);
      onClose();
      state.onStarted(run);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <Dialog open onClose={onClose} title={`Run ${what.label} against ${what.targetName}?`} description={`This ${KIND_LABEL[what.qaKind].toLowerCase()} run sends its requests to ${what.targetName}${what.environment !== what.targetName ? ` (${what.environment})` : ""}, where real users are.`}>
      <form onSubmit={start} noValidate className="space-y-4">
        <div className="rounded-md border border-rose-300 bg-rose-50 p-3 dark:border-rose-800 dark:bg-rose-950">
          <label htmlFor={`${id}-confirm`} className="flex items-start gap-2 text-sm font-medium text-rose-950 dark:text-rose-100">
            <input
              id={`${id}-confirm`}
              type="checkbox"
              checked={confirm}
              onChange={(e) => (setConfirm(e.target.checked), setMissing(false))}
              aria-invalid={missing || undefined}
              aria-describedby={missing ? `${id}-confirm-error` : undefined}
              className="mt-0.5 size-4 shrink-0 accent-rose-700"
            />
            I understand this sends QA traffic to production, which real users share
          </label>
          {missing && (
            <p id={`${id}-confirm-error`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-300">
              Tick this to confirm: the run reaches the production target.
            </p>
          )}
        </div>
        {error !== null && <QaError error={error} fallback="The run was not started. Try again." />}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="production" busy={busy}>
            <Rocket aria-hidden="true" className="size-4" />
            Start on {what.targetName}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
