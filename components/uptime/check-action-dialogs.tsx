"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { useToast } from "@/components/ui/toast";
import { deleteCheck, uptimeKeys, type TCheck } from "@/lib/queries/uptime";
import { CheckForm, type CheckTarget } from "./check-form";

// Loaded on the first press of Edit or Delete (check-actions.tsx).

export function EditCheckDialog({ projectId, check, targets, onClose, onSaved }: { projectId: string; check: TCheck; targets: CheckTarget[]; onClose: () => void; onSaved: (c: TCheck) => void }) {
  return (
    <Dialog open onClose={onClose} title={`Edit ${check.name}`} wide>
      <CheckForm projectId={projectId} targets={targets} check={check} onCancel={onClose} onDone={(c) => (onClose(), onSaved(c))} />
    </Dialog>
  );
}

/** Names everything that goes with the check; afterwards the overview opens. */
export function DeleteCheckDialog({ projectId, projectSlug, check, onClose }: { projectId: string; projectSlug: string; check: TCheck; onClose: () => void }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await deleteCheck(projectId, check.id);
      toast({ message: `Deleted the check ${check.name} with its results and incidents.` });
      queryClient.removeQueries({ queryKey: uptimeKeys.check(projectId, check.id) });
      await queryClient.invalidateQueries({ queryKey: uptimeKeys.overviews(projectId) });
      router.push(`/projects/${projectSlug}/uptime`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <ConfirmDialog
      open
      onClose={onClose}
      title={`Delete the check ${check.name}?`}
      confirmLabel={`Delete ${check.name}`}
      onConfirm={() => void remove()}
      busy={busy}
      error={error ? <ErrorText error={error} fallback="The check was not deleted. Try again." /> : null}
    >
      <p>
        This removes {check.name}, every result it recorded, its uptime history and its incidents with their timelines; the status page stops showing its history. It cannot be undone.
        Pausing keeps the history.
      </p>
    </ConfirmDialog>
  );
}
