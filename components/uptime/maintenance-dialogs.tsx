"use client";

import { flushSync } from "react-dom";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { TimeWindowForm } from "@/components/ui/time-window-form";
import { useToast } from "@/components/ui/toast";
import { createMaintenance, deleteMaintenance, uptimeKeys, type TMaintenanceWindow } from "@/lib/queries/uptime";

// Loaded on the first press of Add window or Delete (maintenance-windows.tsx).

/** One-off or weekly, for every check of the project or one target's. */
export function AddMaintenanceDialog({ projectId, targets, onClose }: { projectId: string; targets: { id: string; name: string }[]; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return (
    <Dialog open onClose={onClose} title="Add a maintenance window" description="Results inside count as maintenance; alerts are held." wide>
      <TimeWindowForm
        scopes={[{ value: "", label: "Every check of the project" }, ...targets.map((t) => ({ value: t.id, label: `Checks of ${t.name}` }))]}
        scopeLabel="Applies to"
        words={{ namePlaceholder: "Database upgrade", opens: "Starts", closes: "Ends", submit: "Add maintenance window", failed: "The window was not added" }}
        defaultTimes={["02:00", "03:00"]}
        save={(body) => createMaintenance(projectId, body)}
        onCancel={onClose}
        onDone={(w) => {
          onClose();
          queryClient.setQueryData<TMaintenanceWindow[]>(uptimeKeys.maintenance(projectId), (cur) => [...(cur ?? []), w]);
          toast({ message: `Added the maintenance window ${w.name}: ${w.description}` });
        }}
      />
    </Dialog>
  );
}

export function DeleteMaintenanceDialog({ projectId, window: w, scope, onClose }: { projectId: string; window: TMaintenanceWindow; scope: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await deleteMaintenance(projectId, w.id);
      // Committed at once (with the dialog's own clean-up, which finds its opener gone), so the heading takes focus
      // after it, not before: under load a later frame could otherwise hand focus to <body>.
      flushSync(() => {
        onClose();
        queryClient.setQueryData<TMaintenanceWindow[]>(uptimeKeys.maintenance(projectId), (cur) => cur?.filter((x) => x.id !== w.id));
      });
      toast({ message: `Removed the maintenance window ${w.name}.` });
      document.getElementById("maintenance-heading")?.focus();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <ConfirmDialog
      open
      onClose={onClose}
      title={`Delete the maintenance window ${w.name}?`}
      confirmLabel={`Delete ${w.name}`}
      onConfirm={() => void remove()}
      busy={busy}
      error={error ? <ErrorText error={error} fallback="The window was not deleted. Try again." /> : null}
    >
      <p>
        {w.description} ({scope}). Results in that time will count as up or down again and alerts are no longer held then. Time already recorded as maintenance stays so.
      </p>
    </ConfirmDialog>
  );
}
