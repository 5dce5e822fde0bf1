"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/status-pill";
import { ApiError } from "@/lib/queries/api";
import { deleteTarget, targetKeys, type TTarget } from "@/lib/queries/targets";
import { ConnectionTestStatus, testPill } from "./connection-test-status";
import { TestConnectionButton } from "./test-connection-button";
import { TargetForm } from "./target-form";
import { PROVIDER_LABELS } from "./provider-fields";

export function TargetCard({ projectId, target, canEdit, canTest }: { projectId: string; target: TTarget; canEdit: boolean; canTest: boolean }) {
  const [mode, setMode] = useState<"view" | "edit" | "confirm-delete">("view");
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteTarget(projectId, target.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: targetKeys.list(projectId) }),
  });
  const headingId = `target-${target.id}-name`;

  return (
    <li aria-labelledby={headingId} className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <h3 id={headingId} className="flex items-center gap-2 text-base font-semibold">
            {target.name} <Badge tone="info">{target.environment}</Badge>
          </h3>
          <p className="break-all font-mono text-sm text-zinc-700 dark:text-zinc-300">{target.healthUrl}</p>
          <p className="flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
            <span>Provider: {PROVIDER_LABELS[target.providerKind]}</span>
            {target.secretKeys.map((k) => (
              <Badge key={k} tone="success">
                {k}: stored
              </Badge>
            ))}
          </p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          {canTest && <TestConnectionButton projectId={projectId} target={target} />}
          {canEdit && mode === "view" && (
            <>
              <Button variant="secondary" onClick={() => setMode("edit")} aria-label={`Edit ${target.name}`}>
                Edit
              </Button>
              <Button variant="ghost" onClick={() => setMode("confirm-delete")} aria-label={`Delete ${target.name}`}>
                Delete
              </Button>
            </>
          )}
        </div>
      </div>
      <div className="mt-4 border-t border-zinc-200 pt-4 dark:border-zinc-800" aria-live="polite">
        <h4 className="sr-only">Last connection test</h4>
        {target.lastConnectionTest ? <ConnectionTestStatus key={target.lastConnectionTest.id} projectId={projectId} test={target.lastConnectionTest} /> : testPill(null)}
      </div>
      {mode === "confirm-delete" && (
        <div role="alertdialog" aria-labelledby={`${headingId}-confirm`} className="mt-4 rounded-md border border-red-300 bg-red-50 p-4 dark:border-red-800 dark:bg-red-950">
          <p id={`${headingId}-confirm`} className="text-sm font-medium text-red-900 dark:text-red-100">
            Delete {target.name}? Its connection tests go with it. This cannot be undone.
          </p>
          {remove.error && <p className="mt-2 text-sm text-red-900 dark:text-red-100">{remove.error instanceof ApiError ? remove.error.message : "Delete failed"}</p>}
          <div className="mt-3 flex gap-2">
            <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate()}>
              Delete {target.name}
            </Button>
            <Button variant="secondary" onClick={() => setMode("view")} autoFocus>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {mode === "edit" && (
        <div className="mt-4 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <TargetForm projectId={projectId} target={target} onDone={() => setMode("view")} />
        </div>
      )}
    </li>
  );
}
