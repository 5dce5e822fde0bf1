import { Snowflake } from "lucide-react";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/status-pill";
import type { TFreezeWindow } from "@/lib/queries/deployments";
import { AddFreezeWindowButton, DeleteFreezeWindowButton } from "./freeze-buttons";

/** Freeze windows that hold this target back (its own and project-wide), rendered on the server; admins add and delete. */
export function FreezeWindows({ projectId, target, windows, canManage }: { projectId: string; target: { id: string; name: string }; windows: TFreezeWindow[]; canManage: boolean }) {
  return (
    <Card aria-labelledby="freeze-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="freeze-heading" tabIndex={-1} className="text-lg font-semibold">
          Freeze windows
        </h2>
        {canManage && <AddFreezeWindowButton projectId={projectId} target={target} />}
      </div>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">While a window is open, deployments to {target.name} wait; an admin can override one with a reason. Rollbacks are never held back.</p>
      {windows.length === 0 ? (
        <p className="mt-3 text-sm">{canManage ? "None. Add one for launch days, weekends or nights when nobody should ship." : "None. A project admin can add windows when nobody should ship."}</p>
      ) : (
        <ul className="mt-3 divide-y divide-zinc-200 dark:divide-zinc-800">
          {windows.map((w) => (
            <li key={w.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
              <div className="min-w-0 text-sm">
                <p className="flex flex-wrap items-center gap-2 font-semibold">
                  <Snowflake aria-hidden="true" className="size-4 text-sky-700 dark:text-sky-300" />
                  {w.name}
                  {w.openNow && <Badge tone="warning">Open now</Badge>}
                  <Badge>{w.targetId ? `${target.name} only` : "All targets"}</Badge>
                </p>
                <p className="mt-0.5 break-words text-zinc-700 dark:text-zinc-300">{w.description}</p>
              </div>
              {canManage && <DeleteFreezeWindowButton projectId={projectId} target={target} window={{ id: w.id, name: w.name, description: w.description, targetId: w.targetId }} />}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
