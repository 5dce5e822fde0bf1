"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2, Wrench } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { DialogLoading } from "@/components/deployments/dialog-loading";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { Badge } from "@/components/ui/status-pill";
import { useToast } from "@/components/ui/toast";
import { deleteMaintenance, fetchMaintenance, uptimeKeys, type TMaintenanceWindow } from "@/lib/queries/uptime";

const MaintenanceForm = lazy(() => import("./maintenance-form").then((m) => ({ default: m.MaintenanceForm })));

type Target = { id: string; name: string };

/** Maintenance windows: results inside count as maintenance (left out of uptime) and alerts wait. Admins add and delete. */
export function MaintenanceWindows({ projectId, targets, initial, canManage }: { projectId: string; targets: Target[]; initial: TMaintenanceWindow[]; canManage: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const key = uptimeKeys.maintenance(projectId);
  const { data: windows = initial } = useQuery({ queryKey: key, queryFn: () => fetchMaintenance(projectId), initialData: initial });
  const [adding, setAdding] = useState(false);
  const scope = (w: TMaintenanceWindow) => (w.targetId ? `${targets.find((t) => t.id === w.targetId)?.name ?? "One target"} only` : "Every check");
  return (
    <Card aria-labelledby="maintenance-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="maintenance-heading" tabIndex={-1} className="text-lg font-semibold">
          Maintenance windows
        </h2>
        {canManage && (
          <Button variant="secondary" onClick={() => setAdding(true)} aria-haspopup="dialog">
            <Plus aria-hidden="true" className="size-4" />
            Add window
          </Button>
        )}
      </div>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">While a window is open, results count as maintenance (left out of uptime) and no incident opens or reminds.</p>
      {windows.length === 0 ? (
        <p className="mt-3 text-sm">{canManage ? "None. Add one before planned work so it does not count as down time." : "None. A project admin can add windows for planned work."}</p>
      ) : (
        <ul className="mt-3 divide-y divide-zinc-200 dark:divide-zinc-800">
          {windows.map((w) => (
            <li key={w.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
              <div className="min-w-0 text-sm">
                <p className="flex flex-wrap items-center gap-2 font-semibold">
                  <Wrench aria-hidden="true" className="size-4 text-sky-700 dark:text-sky-300" />
                  {w.name}
                  {w.openNow && <Badge tone="warning">Open now</Badge>}
                  <Badge>{scope(w)}</Badge>
                </p>
                <p className="mt-0.5 break-words text-zinc-700 dark:text-zinc-300">{w.description}</p>
              </div>
              {canManage && <DeleteWindow projectId={projectId} window={w} scope={scope(w)} />}
            </li>
          ))}
        </ul>
      )}
      <Dialog open={adding} onClose={() => setAdding(false)} title="Add a maintenance window" description="Results inside count as maintenance; alerts are held." wide>
        <Suspense fallback={<DialogLoading />}>
          <MaintenanceForm
            projectId={projectId}
            targets={targets}
            onCancel={() => setAdding(false)}
            onDone={(w) => {
              setAdding(false);
              queryClient.setQueryData<TMaintenanceWindow[]>(key, (cur) => [...(cur ?? []), w]);
              toast({ message: `Added the maintenance window ${w.name}: ${w.description}` });
            }}
          />
        </Suspense>
      </Dialog>
    </Card>
  );
}

function DeleteWindow({ projectId, window: w, scope }: { projectId: string; window: TMaintenanceWindow; scope: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await deleteMaintenance(projectId, w.id);
      setOpen(false);
      queryClient.setQueryData<TMaintenanceWindow[]>(uptimeKeys.maintenance(projectId), (cur) => cur?.filter((x) => x.id !== w.id));
      toast({ message: `Removed the maintenance window ${w.name}.` });
      // The row and this button go away: focus moves to the list's heading.
      document.getElementById("maintenance-heading")?.focus();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)} aria-label={`Delete the maintenance window ${w.name}`}>
        <Trash2 aria-hidden="true" className="size-4" />
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete the maintenance window ${w.name}?`}
        confirmLabel={`Delete ${w.name}`}
        onConfirm={() => void remove()}
        busy={busy}
        error={error ? <ErrorText error={error} fallback="The window was not deleted. Try again." /> : null}
      >
        <p>
          {w.description} ({scope}). Results in that time will count as up or down again, and alerts are no longer held then. Time already recorded as maintenance stays so.
        </p>
      </ConfirmDialog>
    </>
  );
}
