"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { TextAreaField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { launchKeys, moveStage, type TLaunchDetail, type TLaunchStage } from "@/lib/queries/launch";
import { STAGE_LABEL, VerdictIcon } from "./labels";
import type { LaunchViewer } from "./use-launch";

/**
 * Moving to the next stage records a go/no-go decision. The dialog shows what readiness says now and what holds the
 * launch; on no-go only admins may move on, with a reason that is recorded, audited and notified.
 */
export function StageDialog({ projectId, launch, to, viewer, itemHref, onClose }: { projectId: string; launch: TLaunchDetail; to: TLaunchStage; viewer: LaunchViewer; itemHref: (id: string) => string; onClose: () => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const toast = useToast();
  const r = launch.readiness;
  const [notes, setNotes] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const mayMove = r.go || viewer.canOverride;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!r.go && reason.trim().length < 3) {
      setErrors({ reason: "Say why the launch moves on while items hold it, in at least 3 characters: it is recorded and sent to the project." });
      document.getElementById(`${id}-reason`)?.focus();
      return;
    }
    setErrors({});
    setError(null);
    setBusy(true);
    try {
      const d = await moveStage(projectId, launch.id, { stage: to, notes: notes.trim(), ...(r.go ? {} : { override: { reason: reason.trim() } }) });
      onClose();
      toast({ message: `Moved ${launch.name} to ${STAGE_LABEL[d.toStage]}: ${d.go ? "go" : "no-go, overridden"} at ${d.readiness.score}%.` });
      await queryClient.invalidateQueries({ queryKey: launchKeys.all(projectId) });
      document.getElementById("decisions-heading")?.focus();
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        const f = err.fieldErrors();
        setErrors({ notes: f.notes && `Notes ${f.notes}.`, reason: f["override.reason"] && `Reason ${f["override.reason"]}.` } as Record<string, string>);
      } else setError(err);
      // A 409 means readiness changed under us (or an item slipped): show the server's view again.
      if (err instanceof ApiError && err.status === 409) void queryClient.invalidateQueries({ queryKey: launchKeys.all(projectId) });
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={onClose} title={`Move ${launch.name} to ${STAGE_LABEL[to]}?`} description={`From ${STAGE_LABEL[launch.stage]}. The decision is recorded with readiness as it is now.`} wide>
      <form onSubmit={submit} noValidate className="space-y-4 text-sm">
        <div data-testid="stage-verdict" className={`flex items-start gap-2 rounded-md border-l-4 px-3 py-2 font-semibold ${r.go ? "border-emerald-600 bg-emerald-50 text-emerald-950 dark:bg-emerald-950 dark:text-emerald-50" : "border-red-600 bg-red-50 text-red-950 dark:bg-red-950 dark:text-red-50"}`}>
          <VerdictIcon go={r.go} className="mt-0.5 size-5 shrink-0" />
          <span>
            {r.score}% ready. {r.verdict}
          </span>
        </div>
        {r.holding.length > 0 && (
          <div>
            <h3 className="font-semibold">Holding the launch</h3>
            <ul className="mt-1 list-disc space-y-1 pl-5">
              {r.holding.map((h) => (
                <li key={h.id}>
                  <Link href={itemHref(h.id)} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
                    <span className="font-mono">{h.ref}</span> {h.title}
                  </Link>
                  : {h.problem}
                </li>
              ))}
            </ul>
          </div>
        )}
        {mayMove && <TextAreaField id={`${id}-notes`} label="Notes" description="Optional: what the team agreed, who was there." value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} error={errors.notes} />}
        {!r.go &&
          (viewer.canOverride ? (
            <TextAreaField
              id={`${id}-reason`}
              label="Override reason"
              required
              description="Readiness says no-go. As an admin you can move on anyway: the reason is recorded with the decision, audited and notified."
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              error={errors.reason}
            />
          ) : (
            <Alert tone="warning" title="You cannot move the launch on while it is no-go">
              Finish the items above, or ask an approver to waive them with a reason and an expiry. Only a project admin can override a no-go, and the override is recorded.
            </Alert>
          ))}
        {error !== null && <ErrorText error={error} fallback="The launch did not move. Try again." />}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {mayMove ? "Cancel" : "Close"}
          </Button>
          {mayMove && (
            <Button type="submit" variant={r.go ? "primary" : "danger"} busy={busy}>
              {r.go ? `Move to ${STAGE_LABEL[to]}` : `Override and move to ${STAGE_LABEL[to]}`}
            </Button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
