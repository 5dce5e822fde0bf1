"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Pause, Pencil, Play, Trash2 } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { useToast } from "@/components/ui/toast";
import { fetchCheck, updateCheck, uptimeKeys, type TCheck } from "@/lib/queries/uptime";
import type { CheckTarget } from "./check-form";
import { everyLabel } from "./format";

// The dialogs load on first use: they stay out of the health page's first-load JavaScript.
const EditCheckDialog = lazy(() => import("./check-action-dialogs").then((m) => ({ default: m.EditCheckDialog })));
const DeleteCheckDialog = lazy(() => import("./check-action-dialogs").then((m) => ({ default: m.DeleteCheckDialog })));

/** Pause or resume, edit, delete: the admin actions of a check's health page. */
export function CheckActions({ projectId, projectSlug, check: initial, targets }: { projectId: string; projectSlug: string; check: TCheck; targets: CheckTarget[] }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = uptimeKeys.check(projectId, initial.id);
  // The same query as the page's header, so Pause/Resume follows what the page shows.
  const { data: check = initial } = useQuery({ queryKey: key, queryFn: () => fetchCheck(projectId, initial.id), initialData: initial });
  const close = () => setDialog(null);

  async function saved(c: TCheck, message: string) {
    queryClient.setQueryData<TCheck>(key, c);
    toast({ message });
    await Promise.all([queryClient.invalidateQueries({ queryKey: key }), queryClient.invalidateQueries({ queryKey: uptimeKeys.overviews(projectId) })]);
  }

  async function togglePause() {
    setBusy(true);
    setError(null);
    try {
      const c = await updateCheck(projectId, check.id, { enabled: !check.enabled });
      await saved(c, c.enabled ? `Resumed ${c.name}; it runs now and then ${everyLabel(c.intervalSeconds)}.` : `Paused ${c.name}. Paused time counts as unknown, not down.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="secondary" busy={busy} onClick={() => void togglePause()}>
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
      {error ? <ErrorText error={error} fallback="That did not work. Try again." className="basis-full" /> : null}
      <Suspense fallback={null}>
        {dialog === "edit" && <EditCheckDialog projectId={projectId} check={check} targets={targets} onClose={close} onSaved={(c) => void saved(c, `Saved ${c.name}.`)} />}
        {dialog === "delete" && <DeleteCheckDialog projectId={projectId} projectSlug={projectSlug} check={check} onClose={close} />}
      </Suspense>
    </div>
  );
}
