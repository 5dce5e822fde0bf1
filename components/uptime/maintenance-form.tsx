"use client";

import { TimeWindowForm } from "@/components/ui/time-window-form";
import { createMaintenance, type TMaintenanceWindow } from "@/lib/queries/uptime";

/** One-off or weekly, for every check of the project or one target's; loaded when the add dialog first opens. */
export function MaintenanceForm({ projectId, targets, onCancel, onDone }: { projectId: string; targets: { id: string; name: string }[]; onCancel: () => void; onDone: (w: TMaintenanceWindow) => void }) {
  return (
    <TimeWindowForm
      scopes={[{ value: "", label: "Every check of the project" }, ...targets.map((t) => ({ value: t.id, label: `Checks of ${t.name}` }))]}
      scopeLabel="Applies to"
      words={{ namePlaceholder: "Database upgrade", opens: "Starts", closes: "Ends", submit: "Add maintenance window", failed: "The window was not added" }}
      defaultTimes={["02:00", "03:00"]}
      save={(body) => createMaintenance(projectId, body)}
      onCancel={onCancel}
      onDone={onDone}
    />
  );
}
