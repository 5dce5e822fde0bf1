"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Pause, Pencil, Play, Plus, Trash2 } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { DialogLoading } from "@/components/deployments/dialog-loading";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { useToast } from "@/components/ui/toast";
import { deleteCheck, everyLabel, fetchCheck, updateCheck, uptimeKeys, type TCheck } from "@/lib/queries/uptime";
import type { CheckTarget } from "./check-form";

const CheckForm = lazy(() => import("./check-form").then((m) => ({ default: m.CheckForm })));

/** Focuses an element React is about to render (after a refetch), trying for up to about a second. */
function focusWhenShown(selector: string, tries = 60) {
  const el = document.querySelector<HTMLElement>(selector);
  if (el) el.focus();
  else if (tries > 0) requestAnimationFrame(() => focusWhenShown(selector, tries - 1));
}

/** "Add check": the form loads when the dialog first opens; the new row gets focus once the list has it. */
export function AddCheckButton({ projectId, targets }: { projectId: string; targets: CheckTarget[] }) {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const toast = useToast();
  return (
    <>
      <Button onClick={() => setOpen(true)} aria-haspopup="dialog">
        <Plus aria-hidden="true" className="size-4" />
        Add check
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Add a check" description="T-Minus runs it on schedule from the workers and opens an incident after the failures you set." wide>
        <Suspense fallback={<DialogLoading />}>
          <CheckForm
            projectId={projectId}
            targets={targets}
            onCancel={() => setOpen(false)}
            onDone={async (c) => {
              setOpen(false);
              toast({ message: `Added the check ${c.name}; it runs ${everyLabel(c.intervalSeconds)}, the first run now.` });
              await queryClient.invalidateQueries({ queryKey: uptimeKeys.overviews(projectId) });
              focusWhenShown(`[data-check-link="${c.id}"]`);
            }}
          />
        </Suspense>
      </Dialog>
    </>
  );
}

/** Pause or resume, edit, delete: the admin actions of a check's health page. */
export function CheckActions({ projectId, projectSlug, check: initial, targets }: { projectId: string; projectSlug: string; check: TCheck; targets: CheckTarget[] }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const [busy, setBusy] = useState<"pause" | "delete" | null>(null);
  const [error, setError] = useState<unknown>(null);
  const key = uptimeKeys.check(projectId, initial.id);
  // The same query as the page's header, so Pause/Resume follows what the page shows.
  const { data: check = initial } = useQuery({ queryKey: key, queryFn: () => fetchCheck(projectId, initial.id), initialData: initial });

  async function saved(c: TCheck, message: string) {
    queryClient.setQueryData<TCheck>(key, c);
    toast({ message });
    await Promise.all([queryClient.invalidateQueries({ queryKey: key }), queryClient.invalidateQueries({ queryKey: uptimeKeys.overviews(projectId) })]);
  }

  async function togglePause() {
    setBusy("pause");
    setError(null);
    try {
      const c = await updateCheck(projectId, check.id, { enabled: !check.enabled });
      await saved(c, c.enabled ? `Resumed ${c.name}; it runs now and then ${everyLabel(c.intervalSeconds)}.` : `Paused ${c.name}. Paused time counts as unknown, not down.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  async function remove() {
    setBusy("delete");
    setError(null);
    try {
      await deleteCheck(projectId, check.id);
      toast({ message: `Deleted the check ${check.name} with its results and incidents.` });
      queryClient.removeQueries({ queryKey: key });
      await queryClient.invalidateQueries({ queryKey: uptimeKeys.overviews(projectId) });
      router.push(`/projects/${projectSlug}/uptime`);
    } catch (err) {
      setError(err);
      setBusy(null);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="secondary" busy={busy === "pause"} onClick={() => void togglePause()}>
        {check.enabled ? <Pause aria-hidden="true" className="size-4" /> : <Play aria-hidden="true" className="size-4" />}
        {check.enabled ? "Pause" : "Resume"}
      </Button>
      <Button variant="secondary" onClick={() => setDialog("edit")} aria-haspopup="dialog">
        <Pencil aria-hidden="true" className="size-4" />
        Edit
      </Button>
      <Button variant="ghost" onClick={() => setDialog("delete")} aria-haspopup="dialog">
        <Trash2 aria-hidden="true" className="size-4" />
        Delete
      </Button>
      {error && !dialog ? <ErrorText error={error} fallback="That did not work. Try again." className="basis-full" /> : null}
      <Dialog open={dialog === "edit"} onClose={() => setDialog(null)} title={`Edit ${check.name}`} wide>
        <Suspense fallback={<DialogLoading />}>
          <CheckForm
            projectId={projectId}
            targets={targets}
            check={check}
            onCancel={() => setDialog(null)}
            onDone={(c) => {
              setDialog(null);
              void saved(c, `Saved ${c.name}.`);
            }}
          />
        </Suspense>
      </Dialog>
      <ConfirmDialog
        open={dialog === "delete"}
        onClose={() => setDialog(null)}
        title={`Delete the check ${check.name}?`}
        confirmLabel={`Delete ${check.name}`}
        onConfirm={() => void remove()}
        busy={busy === "delete"}
        error={error ? <ErrorText error={error} fallback="The check was not deleted. Try again." /> : null}
      >
        <p>
          This removes {check.name}, every result it recorded, its uptime history and its incidents with their timelines. The status page stops showing its history. This cannot be undone;
          pausing keeps the history.
        </p>
      </ConfirmDialog>
    </div>
  );
}
