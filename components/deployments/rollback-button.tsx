"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { RotateCcw } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { useToast } from "@/components/ui/toast";
import { deploymentKeys, rollbackTo, type TDeployment } from "@/lib/queries/deployments";
import { ReasonDialog } from "./reason-dialog";

/** "Roll back to this": names the target and version, shows what a rollback does not revert, and asks why. */
export function RollbackButton({ projectId, projectSlug, deployment, rollbackNote, compact }: { projectId: string; projectSlug: string; deployment: Pick<TDeployment, "id" | "number" | "release" | "target">; rollbackNote: string; compact?: boolean }) {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const { version } = deployment.release;
  const target = deployment.target.name;
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} aria-haspopup="dialog" aria-label={`Roll back ${target} to ${version} (deployment #${deployment.number})`} className={compact ? "px-2.5 py-1 text-xs" : ""}>
        <RotateCcw aria-hidden="true" className="size-4" />
        Roll back to this
      </Button>
      <ReasonDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Roll ${target} back to ${version}?`}
        description={<>Puts the build of deployment #{deployment.number} back on {target}. {target} is locked afterwards until someone unlocks it and says why it is safe again.</>}
        label="Why roll back?"
        placeholder="Checkout fails for some cards since 1.5.0"
        confirmLabel={`Roll back ${target} to ${version}`}
        danger
        onSubmit={async (reason) => {
          const d = await rollbackTo(projectId, deployment.id, reason);
          setOpen(false);
          toast({ message: `Rollback #${d.number} to ${version} on ${target} started.` });
          void queryClient.invalidateQueries({ queryKey: deploymentKeys.all(projectId) });
          void queryClient.invalidateQueries({ queryKey: deploymentKeys.targetState(projectId, deployment.target.id) });
          router.push(`/projects/${projectSlug}/deployments/${d.id}`);
        }}
      >
        <Alert tone="warning" title="What a rollback does not undo">
          {rollbackNote}
        </Alert>
      </ReasonDialog>
    </>
  );
}
