"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EnvironmentBadge, productionEdge } from "@/components/ui/environment-badge";
import { ErrorText } from "@/components/ui/error-text";
import { Badge } from "@/components/ui/status-pill";
import { deleteTarget, targetKeys, type TTarget } from "@/lib/queries/targets";
import { ConnectionTestStatus, testPill } from "./connection-test-status";
import { TestConnectionButton } from "./test-connection-button";
import { TargetForm } from "./target-form";
import { PROVIDER_LABELS } from "./provider-fields";

export function TargetCard({ projectId, target, href, canEdit, canTest, onDeleted }: { projectId: string; target: TTarget; href: string; canEdit: boolean; canTest: boolean; onDeleted?: (name: string) => void }) {
  const [mode, setMode] = useState<"view" | "edit" | "confirm-delete">("view");
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteTarget(projectId, target.id),
    onSuccess: async () => {
      setMode("view");
      queryClient.setQueryData<TTarget[]>(targetKeys.list(projectId), (list) => list?.filter((t) => t.id !== target.id));
      onDeleted?.(target.name);
      await queryClient.invalidateQueries({ queryKey: targetKeys.list(projectId) });
    },
  });
  const headingId = `target-${target.id}-name`;

  return (
    <li aria-labelledby={headingId} className={`rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${productionEdge(target.environment)}`}>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <h3 className="flex items-center gap-2 text-base font-semibold">
            {/* The card is named by the target's name alone, not its environment badge. */}
            <Link id={headingId} href={href} className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
              {target.name}
            </Link>{" "}
            <EnvironmentBadge environment={target.environment} />
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
          {canEdit && mode !== "edit" && (
            <>
              <Button variant="secondary" onClick={() => setMode("edit")} aria-label={`Edit ${target.name}`}>
                <Pencil aria-hidden="true" className="size-4" />
                Edit
              </Button>
              <Button variant="ghost" onClick={() => setMode("confirm-delete")} aria-label={`Delete ${target.name}`}>
                <Trash2 aria-hidden="true" className="size-4" />
                Delete
              </Button>
            </>
          )}
        </div>
      </div>
      <div className="mt-4 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <h4 className="sr-only">Last connection test</h4>
        {target.lastConnectionTest ? <ConnectionTestStatus key={target.lastConnectionTest.id} projectId={projectId} test={target.lastConnectionTest} /> : testPill(null)}
      </div>
      <ConfirmDialog
        open={mode === "confirm-delete"}
        onClose={() => setMode("view")}
        title={`Delete ${target.name}?`}
        confirmLabel={`Delete ${target.name}`}
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
        error={remove.error ? <ErrorText error={remove.error} fallback="The target was not deleted. Try again." /> : null}
      >
        <p>
          The {target.environment} target <strong>{target.name}</strong> (<span className="break-all font-mono">{target.baseUrl}</span>) and its connection tests go with it. This cannot be undone.
        </p>
      </ConfirmDialog>
      {mode === "edit" && (
        <div className="mt-4 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <TargetForm projectId={projectId} target={target} onDone={() => setMode("view")} />
        </div>
      )}
    </li>
  );
}
