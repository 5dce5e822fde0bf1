"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Plus, Trash2 } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { useToast } from "@/components/ui/toast";
import { deleteFreezeWindow, deploymentKeys } from "@/lib/queries/deployments";
import { DialogLoading } from "./dialog-loading";

const FreezeForm = lazy(() => import("./freeze-form").then((m) => ({ default: m.FreezeForm })));

type Target = { id: string; name: string };

/** The list is rendered on the server: after a change, the page refreshes it and the target's gate state. */
function useAfterChange(projectId: string, targetId: string) {
  const router = useRouter();
  const queryClient = useQueryClient();
  return () => {
    router.refresh();
    void queryClient.invalidateQueries({ queryKey: deploymentKeys.targetState(projectId, targetId) });
  };
}

export function AddFreezeWindowButton({ projectId, target }: { projectId: string; target: Target }) {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const changed = useAfterChange(projectId, target.id);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} aria-haspopup="dialog">
        <Plus aria-hidden="true" className="size-4" />
        Add freeze window
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Add a freeze window" description="Deployments wait while it is open." wide>
        <Suspense fallback={<DialogLoading />}>
          <FreezeForm
            projectId={projectId}
            target={target}
            onCancel={() => setOpen(false)}
            onDone={(w) => {
              setOpen(false);
              toast({ message: `Added the freeze window ${w.name}: ${w.description}` });
              changed();
            }}
          />
        </Suspense>
      </Dialog>
    </>
  );
}

export function DeleteFreezeWindowButton({ projectId, target, window: w }: { projectId: string; target: Target; window: { id: string; name: string; description: string; targetId: string | null } }) {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const changed = useAfterChange(projectId, target.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await deleteFreezeWindow(projectId, w.id);
      setOpen(false);
      toast({ message: `Removed the freeze window ${w.name}.` });
      // The row and this button go away with the refresh: focus moves to the list's heading.
      document.getElementById("freeze-heading")?.focus();
      changed();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)} aria-label={`Delete the freeze window ${w.name}`}>
        <Trash2 aria-hidden="true" className="size-4" />
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete the freeze window ${w.name}?`}
        confirmLabel={`Delete ${w.name}`}
        onConfirm={() => void remove()}
        busy={busy}
        error={error ? <ErrorText error={error} fallback="The window was not deleted. Try again." /> : null}
      >
        <p>
          {w.description} Deployments {w.targetId ? `to ${target.name}` : "to every target"} are no longer held back by it.
        </p>
      </ConfirmDialog>
    </>
  );
}
