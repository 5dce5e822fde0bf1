"use client";

import { CircleAlert, ListPlus, Plus, Save } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { ApiError } from "@/lib/queries/api";
import { createRoadmapItem, deleteRoadmapItem, updateRoadmapItem, type TRoadmapItem } from "@/lib/queries/runbooks";
import { KINDS, KIND_LABEL, type TRoadmapKind } from "./labels";
import type { TUnplanned } from "./unplanned-list";

// Loaded on first use (roadmap-view.tsx): adding, editing, planning and deleting behind one lazy import.

export type Member = { id: string; name: string };
export type RoadmapDialogState =
  | { kind: "add"; itemKind: TRoadmapKind }
  | { kind: "edit"; item: TRoadmapItem }
  | { kind: "plan"; feedback: TUnplanned }
  | { kind: "delete"; item: TRoadmapItem };
export type SavedHow = "added" | "updated" | "planned";

type Props = {
  state: RoadmapDialogState;
  projectId: string;
  members: Member[];
  onClose: () => void;
  onSaved: (item: TRoadmapItem, how: SavedHow) => void;
  onDeleted: (item: TRoadmapItem) => void;
};

export function RoadmapDialog({ state, ...props }: Props) {
  if (state.kind === "plan") return <PlanDialog {...props} feedback={state.feedback} />;
  if (state.kind === "delete") return <DeleteDialog {...props} item={state.item} />;
  return <ItemDialog {...props} item={state.kind === "edit" ? state.item : null} initialKind={state.kind === "add" ? state.itemKind : state.item.kind} />;
}

const KIND_HINT: Record<TRoadmapKind, string> = {
  planned: "Something the team means to build or change after launch.",
  known_issue: "Ships with this release knowingly broken or missing; say the workaround.",
  scalability: "A limit the product will hit as it grows, and what to do before then.",
};

/** A refused save: the form-level error, and each field's issue keyed by its path. */
function useSaveErrors(fallback: string) {
  const [error, setError] = useState<ApiError | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  return {
    error,
    fields,
    clear: () => (setError(null), setFields({})),
    local: (local: Record<string, string>) => (setError(null), setFields(local)),
    refused: (err: unknown, idPrefix: string) => {
      const apiError = err instanceof ApiError ? err : new ApiError(0, "unknown", fallback);
      const byField = apiError.fieldErrors();
      setError(apiError);
      setFields(byField);
      const first = Object.keys(byField)[0];
      if (first) requestAnimationFrame(() => document.getElementById(`${idPrefix}-${first}`)?.focus());
    },
  };
}

/** Who takes it on and in which release: the same two fields when adding, editing and planning. */
function OwnerAndRelease({ id, members, ownerId, targetRelease, errors, onChange }: { id: string; members: Member[]; ownerId: string; targetRelease: string; errors: Record<string, string>; onChange: (patch: { ownerId?: string; targetRelease?: string }) => void }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <SelectField id={`${id}-ownerId`} label="Owner" value={ownerId} onChange={(e) => onChange({ ownerId: e.target.value })} error={errors.ownerId} description="The project member who takes it on.">
        <option value="">No owner</option>
        {members.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </SelectField>
      <TextField
        id={`${id}-targetRelease`}
        label="Target release"
        maxLength={40}
        placeholder="e.g. 1.5.0"
        value={targetRelease}
        onChange={(e) => onChange({ targetRelease: e.target.value })}
        error={errors.targetRelease}
        description="The version it should ship in; leave empty if not decided."
        className="[&_input]:font-mono"
      />
    </div>
  );
}

const actionsRow = "flex flex-wrap justify-end gap-2";

function ItemDialog({ projectId, members, item, initialKind, onClose, onSaved }: Omit<Props, "state" | "onDeleted"> & { item: TRoadmapItem | null; initialKind: TRoadmapKind }) {
  const id = useId();
  const [form, setForm] = useState({ kind: initialKind, title: item?.title ?? "", notes: item?.notes ?? "", ownerId: item?.owner?.id ?? "", targetRelease: item?.targetRelease ?? "" });
  const [busy, setBusy] = useState(false);
  const errors = useSaveErrors(item ? "The item was not saved." : "The item was not added.");
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!form.title.trim()) {
      errors.local({ title: "Give the item a title, such as “Checkout is slow on 3G”." });
      document.getElementById(`${id}-title`)?.focus();
      return;
    }
    errors.clear();
    setBusy(true);
    const body = { kind: form.kind, title: form.title.trim(), notes: form.notes, ownerId: form.ownerId || null, targetRelease: form.targetRelease.trim() || null };
    try {
      onSaved(item ? await updateRoadmapItem(projectId, item.id, body) : await createRoadmapItem(projectId, body), item ? "updated" : "added");
    } catch (err) {
      errors.refused(err, id);
      setBusy(false);
    }
  }

  const kindError = errors.fields.kind;
  return (
    <Dialog open onClose={onClose} wide title={item ? "Edit roadmap item" : "Add to roadmap"} description={item ? <span className="break-words">“{item.title}”</span> : "A planned item, a known issue or a scalability note, with who takes it on and when."}>
      <form onSubmit={submit} noValidate className="space-y-4">
        <FormError error={errors.error} title={item ? "The item was not saved" : "The item was not added"} />
        <fieldset aria-describedby={kindError ? `${id}-kind-error` : undefined}>
          <legend className="text-sm font-medium">Kind</legend>
          <div className="mt-1.5 grid gap-2 sm:grid-cols-3">
            {KINDS.map((k) => (
              <label key={k} className="flex cursor-pointer items-start gap-2 rounded-md border border-zinc-300 p-2.5 text-sm has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50 dark:border-zinc-600 dark:has-[:checked]:border-indigo-400 dark:has-[:checked]:bg-indigo-950">
                <input type="radio" id={k === form.kind ? `${id}-kind` : undefined} name={`${id}-kind`} value={k} checked={form.kind === k} onChange={() => set({ kind: k })} className="mt-0.5 size-4 shrink-0 accent-indigo-600" />
                <span>
                  <span className="block font-medium">{KIND_LABEL[k]}</span>
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">{KIND_HINT[k]}</span>
                </span>
              </label>
            ))}
          </div>
          {kindError && (
            <p id={`${id}-kind-error`} className="mt-1.5 flex items-center gap-1 text-sm font-medium text-red-700 dark:text-red-400">
              <CircleAlert aria-hidden="true" className="size-4 shrink-0" />
              {kindError}
            </p>
          )}
        </fieldset>
        <TextField id={`${id}-title`} label="Title" required maxLength={120} value={form.title} onChange={(e) => set({ title: e.target.value })} error={errors.fields.title} />
        <TextAreaField
          id={`${id}-notes`}
          label="Notes"
          rows={5}
          value={form.notes}
          onChange={(e) => set({ notes: e.target.value })}
          error={errors.fields.notes}
          description="Markdown: the why, the workaround, links. Shown on the roadmap and printed in the handoff pack."
        />
        <OwnerAndRelease id={id} members={members} ownerId={form.ownerId} targetRelease={form.targetRelease} errors={errors.fields} onChange={set} />
        <div className={actionsRow}>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={busy}>
            {item ? <Save aria-hidden="true" className="size-4" /> : <Plus aria-hidden="true" className="size-4" />}
            {item ? "Save changes" : "Add to roadmap"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function PlanDialog({ projectId, members, feedback, onClose, onSaved }: Omit<Props, "state" | "onDeleted"> & { feedback: TUnplanned }) {
  const id = useId();
  const [form, setForm] = useState({ ownerId: "", targetRelease: "" });
  const [busy, setBusy] = useState(false);
  const errors = useSaveErrors(`${feedback.ref} was not planned.`);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      onSaved(await createRoadmapItem(projectId, { feedbackItemId: feedback.id, ownerId: form.ownerId || null, targetRelease: form.targetRelease.trim() || null }), "planned");
    } catch (err) {
      errors.refused(err, id);
      setBusy(false);
    }
  }
  return (
    <Dialog open onClose={onClose} title={`Plan ${feedback.ref}`} description={<span className="break-words">“{feedback.title}” goes on the roadmap as a planned item, linked to the feedback. Owner and release can be set later.</span>}>
      <form onSubmit={submit} noValidate className="space-y-4">
        <FormError error={errors.error} title={`${feedback.ref} was not planned`} />
        {errors.fields.feedbackItemId && <ErrorText error={new ApiError(400, "validation", errors.fields.feedbackItemId)} />}
        <OwnerAndRelease id={id} members={members} ownerId={form.ownerId} targetRelease={form.targetRelease} errors={errors.fields} onChange={(patch) => setForm((f) => ({ ...f, ...patch }))} />
        <div className={actionsRow}>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={busy}>
            <ListPlus aria-hidden="true" className="size-4" />
            Plan {feedback.ref}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteDialog({ projectId, item, onClose, onDeleted }: Omit<Props, "state" | "onSaved" | "members"> & { item: TRoadmapItem }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await deleteRoadmapItem(projectId, item.id);
      onDeleted(item);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <ConfirmDialog open onClose={onClose} title="Delete this roadmap item?" confirmLabel="Delete item" onConfirm={confirm} busy={busy} error={error !== null && <ErrorText error={error} fallback="The item was not deleted. Try again." />}>
      <p className="break-words">
        “{item.title}” ({KIND_LABEL[item.kind].toLowerCase()}) is removed from the roadmap and from the handoff pack.
        {item.feedback ? ` ${item.feedback.ref} stays in the feedback inbox and shows again under accepted feedback to plan.` : ""} To keep a record instead, set its status to Dropped.
      </p>
    </ConfirmDialog>
  );
}
