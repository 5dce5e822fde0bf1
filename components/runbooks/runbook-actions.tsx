"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CircleCheck, Pencil, Trash2 } from "lucide-react";
import { Button, buttonClass } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-error";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { deleteRunbook, reviewRunbook } from "@/lib/queries/runbooks";

/** Edit, "Mark reviewed" (the page is still true today) and delete, for those allowed. */
export function RunbookActions({ projectId, projectSlug, pageKey, title, canWrite, canDelete, promptsLeft }: {
  projectId: string; projectSlug: string; pageKey: string; title: string; canWrite: boolean; canDelete: boolean; promptsLeft: number;
}) {
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState<"review" | "delete" | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [confirm, setConfirm] = useState(false);
  const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, "network", "Could not reach T-Minus", []));

  async function review() {
    setBusy("review");
    setError(null);
    try {
      await reviewRunbook(projectId, pageKey);
      toast({ message: `“${title}” marked reviewed today` });
      router.refresh();
    } catch (e) {
      setError(asError(e));
    } finally {
      setBusy(null);
    }
  }
  async function remove() {
    setBusy("delete");
    try {
      await deleteRunbook(projectId, pageKey);
      router.push(`/projects/${projectSlug}/runbooks`);
    } catch (e) {
      setError(asError(e));
      setBusy(null);
      setConfirm(false);
    }
  }
  if (!canWrite && !canDelete) return null;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {canWrite && (
          <Link href={`/projects/${projectSlug}/runbooks/${pageKey}/edit`} className={buttonClass("secondary")}>
            <Pencil aria-hidden="true" className="size-4" /> Edit
          </Link>
        )}
        {canWrite && (
          <Button onClick={review} busy={busy === "review"} aria-describedby={promptsLeft ? "review-blocked" : undefined}>
            <CircleCheck aria-hidden="true" className="size-4" /> Mark reviewed
          </Button>
        )}
        {canDelete && (
          <Button variant="ghost" onClick={() => setConfirm(true)}>
            <Trash2 aria-hidden="true" className="size-4" /> Delete
          </Button>
        )}
      </div>
      {promptsLeft > 0 && canWrite && (
        <p id="review-blocked" className="text-xs text-zinc-600 dark:text-zinc-400">
          Fill in the {promptsLeft} highlighted prompt{promptsLeft === 1 ? "" : "s"} before marking it reviewed.
        </p>
      )}
      <FormError error={error} title="That did not work" />
      <Dialog open={confirm} onClose={() => setConfirm(false)} title={`Delete “${title}”?`} description="The page and all its revisions go. Checklist items bound to it will read “missing” until a page with this address exists again.">
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirm(false)}>
            Keep it
          </Button>
          <Button variant="danger" onClick={remove} busy={busy === "delete"}>
            Delete page
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
