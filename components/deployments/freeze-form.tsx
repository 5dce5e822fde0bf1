"use client";

import { TimeWindowForm } from "@/components/ui/time-window-form";
import { createFreezeWindow, type TFreezeWindow } from "@/lib/queries/deployments";

/** Loaded when the add dialog first opens (see freeze-windows.tsx). */
export function FreezeForm({ projectId, target, onCancel, onDone }: { projectId: string; target: { id: string; name: string }; onCancel: () => void; onDone: (w: TFreezeWindow) => void }) {
  return (
    <TimeWindowForm
      scopes={[
        { value: target.id, label: `${target.name} only` },
        { value: "", label: "Every target of the project" },
      ]}
      scopeLabel="Holds back"
      words={{ namePlaceholder: "Launch day", opens: "Opens", closes: "Closes", submit: "Add freeze window", failed: "The window was not added" }}
      defaultTimes={["18:00", "08:00"]}
      save={(body) => createFreezeWindow(projectId, body)}
      onCancel={onCancel}
      onDone={onDone}
    />
  );
}
