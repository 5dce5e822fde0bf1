"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { archiveLaunch, createItem, createLaunch, launchKeys, updateLaunch, type TLaunchDetail, type TLaunchStage } from "@/lib/queries/launch";
import { isoToLocal, localToIso } from "./dates";
import type { StartOptions } from "./no-active-launch";
import { StageDialog } from "./stage-dialog";
import type { LaunchViewer } from "./use-launch";

// Loaded on first use (launch-view.tsx, no-active-launch.tsx).

/** The launch page's dialogs behind one lazy import (launch-view.tsx): each lazy() wrapper costs first-load bytes. */
export function LaunchDialog({ kind, to, viewer, itemHref, ...props }: { kind: "stage" | "add" | "edit" | "archive"; projectId: string; launch: TLaunchDetail; to: TLaunchStage | null; viewer: LaunchViewer; itemHref: (id: string) => string; onClose: () => void }) {
  if (kind === "stage") return to && <StageDialog {...props} to={to} viewer={viewer} itemHref={itemHref} />;
  if (kind === "add") return <AddItemDialog {...props} />;
  if (kind === "edit") return <EditLaunchDialog {...props} />;
  return <ArchiveDialog {...props} />;
}

function useFieldErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  function fail(err: unknown, names: Record<string, string>) {
    if (err instanceof ApiError) {
      const f = err.fieldErrors();
      setErrors(Object.fromEntries(Object.entries(f).map(([k, m]) => [k, `${names[k] ?? k} ${m}.`])));
      setError(err);
    } else setError(new ApiError(0, "unknown", "Something went wrong. Try again."));
  }
  return { errors, setErrors, error, setError, fail };
}

export function StartLaunchDialog({ projectId, templates, onClose }: { projectId: string; templates: StartOptions["templates"]; onClose: () => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState("");
  const [targetDate, setTargetDate] = useState("");
  const [templateId, setTemplateId] = useState(templates.some((t) => t.id === "phase-5") ? "phase-5" : (templates[0]?.id ?? ""));
  const [busy, setBusy] = useState(false);
  const { errors, setErrors, error, setError, fail } = useFieldErrors();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ name: "Name the launch, such as “Public beta” or “v2.0”." });
      document.getElementById(`${id}-name`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const launch = await createLaunch(projectId, { name: name.trim(), targetDate: localToIso(targetDate), templateId: templateId || null });
      queryClient.setQueryData<TLaunchDetail | null>(launchKeys.active(projectId), launch);
      onClose();
      toast({ message: `Started ${launch.name} with ${launch.items.length} checklist items.` });
      void queryClient.invalidateQueries({ queryKey: launchKeys.all(projectId) });
      requestAnimationFrame(() => document.getElementById("launch-title")?.focus());
    } catch (err) {
      fail(err, { name: "Name", targetDate: "Target date", templateId: "Template" });
      setBusy(false);
    }
  }
  return (
    <Dialog open onClose={onClose} title="Start a launch" description="One launch is active at a time. Its checklist is copied from the template; you can change it afterwards.">
      <form onSubmit={submit} noValidate className="space-y-4">
        <FormError error={error} title="The launch was not started" />
        <TextField id={`${id}-name`} label="Name" required value={name} onChange={(e) => setName(e.target.value)} maxLength={120} error={errors.name} placeholder="Public beta" />
        <TextField id={`${id}-date`} type="datetime-local" label="Target date" description="Optional. In your browser's time zone; the page counts down to it." value={targetDate} onChange={(e) => setTargetDate(e.target.value)} error={errors.targetDate} />
        <SelectField id={`${id}-template`} label="Checklist template" value={templateId} onChange={(e) => setTemplateId(e.target.value)} error={errors.templateId}>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.itemCount} items in {t.sectionCount} sections)
            </option>
          ))}
          <option value="">Empty checklist</option>
        </SelectField>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={busy}>
            Start launch
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function AddItemDialog({ projectId, launch, onClose }: { projectId: string; launch: TLaunchDetail; onClose: () => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const toast = useToast();
  const sections = [...new Set(launch.items.map((i) => i.section))];
  const [form, setForm] = useState({ section: sections[0] ?? "", title: "", description: "", dueAt: "", blocking: false, signOffRequired: false });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const [busy, setBusy] = useState(false);
  const { errors, setErrors, error, setError, fail } = useFieldErrors();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!form.section.trim()) errs.section = "Name a section, such as “Security”.";
    if (!form.title.trim()) errs.title = "Say what must be true, such as “Backups restore in under an hour”.";
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setError(null);
    try {
      const item = await createItem(projectId, launch.id, {
        section: form.section.trim(),
        title: form.title.trim(),
        description: form.description,
        dueAt: localToIso(form.dueAt),
        blocking: form.blocking,
        signOffRequired: form.signOffRequired,
      });
      onClose();
      toast({ message: `Added ${item.ref} ${item.title} to ${item.section}.` });
      await queryClient.invalidateQueries({ queryKey: launchKeys.all(projectId) });
      document.getElementById(`item-${item.id}`)?.focus();
    } catch (err) {
      fail(err, { section: "Section", title: "Title", description: "Description", dueAt: "Due date" });
      setBusy(false);
    }
  }
  return (
    <Dialog open onClose={onClose} title="Add a checklist item" wide>
      <form onSubmit={submit} noValidate className="space-y-4">
        <FormError error={error} title="The item was not added" />
        <TextField id={`${id}-section`} label="Section" required list={`${id}-sections`} value={form.section} onChange={(e) => set({ section: e.target.value })} maxLength={120} error={errors.section} description="Pick an existing section or type a new one." />
        <datalist id={`${id}-sections`}>
          {sections.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <TextField id={`${id}-title`} label="Title" required value={form.title} onChange={(e) => set({ title: e.target.value })} maxLength={200} error={errors.title} />
        <TextAreaField id={`${id}-description`} label="Description" description="Markdown: **bold**, `code`, lists and [links](https://…)." value={form.description} onChange={(e) => set({ description: e.target.value })} maxLength={5000} error={errors.description} />
        <TextField id={`${id}-due`} type="datetime-local" label="Due" description="Optional, in your browser's time zone." value={form.dueAt} onChange={(e) => set({ dueAt: e.target.value })} error={errors.dueAt} />
        <fieldset className="space-y-2 text-sm">
          <legend className="font-medium">Gate</legend>
          <label className="flex items-start gap-2">
            <input type="checkbox" checked={form.blocking} onChange={(e) => set({ blocking: e.target.checked })} className="mt-0.5 size-4" />
            <span>Blocking: the launch is no-go while this item is open</span>
          </label>
          <label className="flex items-start gap-2">
            <input type="checkbox" checked={form.signOffRequired} onChange={(e) => set({ signOffRequired: e.target.checked })} className="mt-0.5 size-4" />
            <span>Needs an approver&apos;s sign-off once done</span>
          </label>
        </fieldset>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={busy}>
            Add item
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function ArchiveDialog({ projectId, launch, onClose }: { projectId: string; launch: TLaunchDetail; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function archive() {
    setBusy(true);
    setError(null);
    try {
      await archiveLaunch(projectId, launch.id);
      onClose();
      toast({ message: `Archived ${launch.name}. Its checklist and decisions stay in the exports and the audit log.` });
      queryClient.setQueryData(launchKeys.active(projectId), null);
      void queryClient.invalidateQueries({ queryKey: launchKeys.all(projectId) });
      requestAnimationFrame(() => document.getElementById("launch-title")?.focus());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <ConfirmDialog
      open
      onClose={onClose}
      title={`Archive ${launch.name}?`}
      confirmLabel={`Archive ${launch.name}`}
      onConfirm={() => void archive()}
      busy={busy}
      error={error ? <ErrorText error={error} fallback="The launch was not archived. Try again." /> : null}
    >
      <p>
        The launch ends here, in {launch.items.length} items and {launch.decisions.length} decisions. It is no longer active, so the project can start a new one. Export it first if you want
        a copy at hand.
      </p>
    </ConfirmDialog>
  );
}

export function EditLaunchDialog({ projectId, launch, onClose }: { projectId: string; launch: TLaunchDetail; onClose: () => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(launch.name);
  const [targetDate, setTargetDate] = useState(isoToLocal(launch.targetDate));
  const [busy, setBusy] = useState(false);
  const { errors, setErrors, error, setError, fail } = useFieldErrors();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ name: "Name the launch, such as “Public beta” or “v2.0”." });
      document.getElementById(`${id}-name`)?.focus();
      return;
    }
    const patch: { name?: string; targetDate?: string | null } = {};
    if (name.trim() !== launch.name) patch.name = name.trim();
    // Compared as the field shows it: an untouched date keeps its seconds.
    if (targetDate !== isoToLocal(launch.targetDate)) patch.targetDate = localToIso(targetDate);
    if (!Object.keys(patch).length) {
      onClose();
      toast({ message: `Nothing to save: ${launch.name} is as it was.` });
      return;
    }
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const saved = await updateLaunch(projectId, launch.id, patch);
      queryClient.setQueryData<TLaunchDetail | null>(launchKeys.active(projectId), (l) => (l && l.id === saved.id ? { ...l, name: saved.name, targetDate: saved.targetDate } : l));
      onClose();
      toast({ message: `Saved ${saved.name}: ${saved.targetDate ? `target date ${new Date(saved.targetDate).toLocaleString()}` : "no target date"}.` });
      void queryClient.invalidateQueries({ queryKey: launchKeys.all(projectId) });
      requestAnimationFrame(() => document.getElementById("launch-title")?.focus());
    } catch (err) {
      fail(err, { name: "Name", targetDate: "Target date" });
      setBusy(false);
    }
  }
  return (
    <Dialog open onClose={onClose} title={`Edit ${launch.name}`} description="Its name and the date the page counts down to. The checklist and stage stay as they are.">
      <form onSubmit={submit} noValidate className="space-y-4">
        <FormError error={error} title="The launch was not saved" />
        <TextField id={`${id}-name`} label="Name" required value={name} onChange={(e) => setName(e.target.value)} maxLength={120} error={errors.name} />
        <TextField id={`${id}-date`} type="datetime-local" label="Target date" description="In your browser's time zone. Clear it for no target date (no countdown)." value={targetDate} onChange={(e) => setTargetDate(e.target.value)} error={errors.targetDate} />
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={busy}>
            Save launch
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
