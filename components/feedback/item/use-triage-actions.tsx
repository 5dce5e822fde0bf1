"use client";

import { lazy, Suspense, useCallback, useRef, useState } from "react";
import { explainError } from "@/components/ui/error-text";
import { useToast } from "@/components/ui/toast";
import { useBulkTriage, useTriage, type TFeedbackSummary, type TFeedbackTriage } from "@/lib/queries/feedback";
import type { TMember } from "@/lib/queries/members";
import { SEVERITY_OF, type InboxAction } from "../inbox/keys";
import type { Extra, TriageDialogKind, TriageDialogState } from "./triage-dialogs";
import { describeChange, undoOf } from "./triage";

// The forms load on first use, in their own chunk (first-load JavaScript budget).
const TriageDialog = lazy(() => import("./triage-dialogs").then((m) => ({ default: m.TriageDialog })));

export type TriageAct = InboxAction | "unsnooze" | "reopen" | "severity" | "severity-none";
export type Me = { id: string; name: string } | null;

const DIALOGS: Partial<Record<TriageAct, TriageDialogKind>> = {
  decline: "decline",
  duplicate: "duplicate",
  snooze: "snooze",
  labels: "labels",
  assign: "assign",
  severity: "severity",
};

/**
 * Every triage action for the inbox and the item page: direct changes, the dialogs that ask first, the toast that
 * says what happened (with Undo where the server has a way back), and "u" for the same undo.
 * `fallbackFocus` puts focus somewhere useful when what held it went away (a triaged row leaves the inbox).
 */
export function useTriageActions({
  projectId,
  me,
  members,
  knownLabels,
  fallbackFocus,
  onApplied,
}: {
  projectId: string;
  me: Me;
  members: TMember[];
  knownLabels: string[];
  fallbackFocus?: () => void;
  onApplied?: (targets: TFeedbackSummary[]) => void;
}) {
  const triage = useTriage(projectId);
  const bulk = useBulkTriage(projectId);
  const toast = useToast();
  const [dialog, setDialog] = useState<TriageDialogState | null>(null);
  const last = useRef<{ itemId: string; ref: string; change: TFeedbackTriage } | null>(null);
  const { mutateAsync: triageOne } = triage;
  const { mutateAsync: triageMany } = bulk;

  const undo = useCallback(async () => {
    const step = last.current;
    if (!step) return toast({ message: "Nothing to undo: the last change here cannot be taken back, or there was none." });
    last.current = null;
    try {
      await triageOne({ itemId: step.itemId, change: step.change });
      toast({ message: `Undone: ${describeChange({ ref: step.ref }, step.change)}` });
    } catch (error) {
      toast({ message: `Could not undo the change to ${step.ref}: ${explainError(error).sentence}`, tone: "danger" });
    }
  }, [toast, triageOne]);

  /** Applies a change; throws what the server refused (dialogs show it beside their fields). */
  const apply = useCallback(
    async (targets: TFeedbackSummary[], change: TFeedbackTriage, extra?: Extra) => {
      if (targets.length === 1) {
        const [item] = targets;
        await triageOne({ itemId: item.id, change });
        const back = undoOf(item, change);
        last.current = back ? { itemId: item.id, ref: item.ref, change: back } : null;
        toast({ message: describeChange(item, change, extra), action: back ? { label: "Undo", run: () => void undo() } : undefined });
      } else {
        const { updated } = await triageMany({ ids: targets.map((t) => t.id), change });
        last.current = null;
        toast({ message: describeChange({ ref: `${updated} items` }, change, extra) });
      }
      onApplied?.(targets);
    },
    [onApplied, toast, triageMany, triageOne, undo],
  );

  const run = useCallback(
    (targets: TFeedbackSummary[], change: TFeedbackTriage, extra?: Extra) =>
      void apply(targets, change, extra).catch((error) => {
        const who = targets.length === 1 ? targets[0].ref : `${targets.length} items`;
        toast({ message: `${who} ${targets.length === 1 ? "was" : "were"} not changed. ${explainError(error).sentence}`, tone: "danger" });
      }),
    [apply, toast],
  );

  const act = useCallback(
    (action: TriageAct, targets: TFeedbackSummary[]) => {
      if (!targets.length) return;
      const kind = DIALOGS[action];
      if (kind) return setDialog({ kind, targets });
      const severity = SEVERITY_OF[action as InboxAction];
      if (severity) return run(targets, { action: "update", severity });
      if (action === "severity-none") return run(targets, { action: "update", severity: null });
      if (action === "accept") return run(targets, { action: "accept" });
      if (action === "spam") return run(targets, { action: targets.every((t) => t.status === "spam") ? "not_spam" : "spam" });
      if (action === "unsnooze") return run(targets, { action: "unsnooze" });
      if (action === "reopen") return run(targets, { action: "reopen" });
      if (action === "undo") return void undo();
    },
    [run, undo],
  );

  const close = useCallback(() => {
    setDialog(null);
    requestAnimationFrame(() => {
      const a = document.activeElement;
      if (!a || a === document.body) fallbackFocus?.();
    });
  }, [fallbackFocus]);

  const busy = triage.isPending ? (triage.variables?.change.action ?? null) : bulk.isPending ? "bulk" : null;
  const element = dialog ? (
    <Suspense fallback={null}>
      <TriageDialog
        projectId={projectId}
        state={dialog}
        onClose={close}
        submit={(change, extra) => apply(dialog.targets, change, extra).then(close)}
        me={me}
        members={members}
        knownLabels={knownLabels}
      />
    </Suspense>
  ) : null;
  return { act, run, apply, undo, busy, dialogOpen: dialog !== null, element };
}
