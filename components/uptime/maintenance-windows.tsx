"use client";

import { useQuery } from "@tanstack/react-query";
import { Plus, Trash2, Wrench } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/status-pill";
import { fetchMaintenance, uptimeKeys, type TMaintenanceWindow } from "@/lib/queries/uptime";

// The dialogs load on first use: they stay out of the overview's first-load JavaScript.
const AddMaintenanceDialog = lazy(() => import("./maintenance-dialogs").then((m) => ({ default: m.AddMaintenanceDialog })));
const DeleteMaintenanceDialog = lazy(() => import("./maintenance-dialogs").then((m) => ({ default: m.DeleteMaintenanceDialog })));

type Target = { id: string; name: string };

/** Maintenance windows: results inside count as maintenance (left out of uptime) and alerts wait. Admins add and delete. */
export function MaintenanceWindows({ projectId, targets, initial, canManage }: { projectId: string; targets: Target[]; initial: TMaintenanceWindow[]; canManage: boolean }) {
  const { data: windows = initial } = useQuery({ queryKey: uptimeKeys.maintenance(projectId), queryFn: () => fetchMaintenance(projectId), initialData: initial });
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<TMaintenanceWindow | null>(null);
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
              {canManage && (
                <Button variant="ghost" onClick={() => setRemoving(w)} aria-haspopup="dialog" aria-label={`Delete the maintenance window ${w.name}`}>
                  <Trash2 aria-hidden="true" className="size-4" />
                  Delete
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <Suspense fallback={null}>
        {adding && <AddMaintenanceDialog projectId={projectId} targets={targets} onClose={() => setAdding(false)} />}
        {removing && <DeleteMaintenanceDialog projectId={projectId} window={removing} scope={scope(removing)} onClose={() => setRemoving(null)} />}
      </Suspense>
    </Card>
  );
}
