"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Markdown } from "@/components/deployments/markdown";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { deleteItem, fetchBindingKinds, launchKeys, type TItemPatch, type TLaunchDetail, type TItem } from "@/lib/queries/launch";
import { fetchTargets, targetKeys } from "@/lib/queries/targets";
import { bindingForm, bindingInput, issuesToFields, NUMBER_PARAMS, paramLabel, sameBinding, type BindingForm } from "./edit-fields";
import { box } from "./item-settings";
import { useUpdateItem } from "./use-launch";

// Launch managers edit an item's words and automated check, or delete it. Loaded with next/dynamic from item-view.tsx,
// so none of this is in the item page's first load.

export function ItemEdit({ projectId, item, launchHref }: { projectId: string; item: TItem; launchHref: string }) {
  const [open, setOpen] = useState<"edit" | "delete" | null>(null);
  const close = () => setOpen(null);
  return (
    <section aria-labelledby="edit-heading" className={box}>
      <h2 id="edit-heading" className="mb-1 text-base font-semibold">
        Edit item
      </h2>
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">Its title, section, description and automated check; or remove it from the checklist.</p>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => setOpen("edit")} aria-haspopup="dialog">
          <Pencil aria-hidden="true" className="size-4" />
          Edit item
        </Button>
        <Button variant="ghost" onClick={() => setOpen("delete")} aria-haspopup="dialog">
          <Trash2 aria-hidden="true" className="size-4" />
          Delete item
        </Button>
      </div>
      {open === "edit" && <EditItemDialog projectId={projectId} item={item} onClose={close} />}
      {open === "delete" && <DeleteItemDialog projectId={projectId} item={item} launchHref={launchHref} onClose={close} />}
    </section>
  );
}

const LABELS = { title: "Title", section: "Section", description: "Description", binding: "The automated check", "binding.kind": "What T-Minus watches" };

function EditItemDialog({ projectId, item, onClose }: { projectId: string; item: TItem; onClose: () => void }) {
  const id = useId();
  const toast = useToast();
  const update = useUpdateItem(projectId);
  const queryClient = useQueryClient();
  const sections = [...new Set(queryClient.getQueryData<TLaunchDetail | null>(launchKeys.active(projectId))?.items.map((i) => i.section) ?? [item.section])];
  const kinds = useQuery({ queryKey: launchKeys.bindings(projectId), queryFn: () => fetchBindingKinds(projectId) });
  const targets = useQuery({ queryKey: targetKeys.list(projectId), queryFn: () => fetchTargets(projectId) });
  const [title, setTitle] = useState(item.title);
  const [section, setSection] = useState(item.section);
  const [description, setDescription] = useState(item.description);
  const [binding, setBinding] = useState<BindingForm>(() => bindingForm(item.binding));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const kind = kinds.data?.find((k) => k.kind === binding.kind);
  const fieldId = (path: string) => `${id}-${path.replace(".", "-")}`;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setOther([]);
    const errs: Record<string, string> = {};
    if (!title.trim()) errs.title = "Say what must be true, such as “Backups restore in under an hour”.";
    if (!section.trim()) errs.section = "Name a section, such as “Security”.";
    // Without the list of kinds the binding cannot have been changed: it is left as it is.
    const next = kinds.data ? bindingInput(binding, kinds.data) : null;
    Object.assign(errs, next?.errors);
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) return document.getElementById(fieldId(first))?.focus();
    const patch: TItemPatch = {};
    if (title.trim() !== item.title) patch.title = title.trim();
    if (section.trim() !== item.section) patch.section = section.trim();
    if (description !== item.description) patch.description = description;
    if (next && !sameBinding(item.binding, next.binding)) patch.binding = next.binding;
    if (!Object.keys(patch).length) {
      onClose();
      toast({ message: `Nothing to save: ${item.ref} is as it was.` });
      return;
    }
    setBusy(true);
    try {
      const saved = await update(item, patch);
      onClose();
      const bound = "binding" in patch ? (saved.binding ? ` It now watches: ${saved.binding.label}.` : " It is now manual.") : "";
      toast({ message: `Saved ${saved.ref} ${saved.title}.${bound}` });
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(0, "unknown", "Something went wrong. Try again.");
      const labels: Record<string, string> = { ...LABELS };
      for (const p of kind?.params ?? []) labels[`binding.${p.name}`] = paramLabel(p.name);
      const mapped = issuesToFields(apiError.issues, labels);
      setErrors(mapped.fields);
      setOther(mapped.other);
      setError(apiError);
      setBusy(false);
    }
  }

  const setParam = (name: string, value: string) => setBinding((b) => ({ ...b, params: { ...b.params, [name]: value } }));
  return (
    <Dialog open onClose={onClose} title={`Edit ${item.ref}`} description="Changing the automated check re-measures the item: it goes back to to do until T-Minus finds the fact true." wide>
      <form onSubmit={submit} noValidate className="space-y-4">
        <FormError error={error} title={`${item.ref} was not saved`} />
        {other.length > 0 && (
          <Alert title="The server also said">
            <ul className="list-disc space-y-1 pl-5">
              {other.map((o, n) => (
                <li key={n}>{o}</li>
              ))}
            </ul>
          </Alert>
        )}
        <TextField id={fieldId("title")} label="Title" required value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} error={errors.title} />
        <TextField id={fieldId("section")} label="Section" required list={`${id}-sections`} value={section} onChange={(e) => setSection(e.target.value)} maxLength={120} error={errors.section} description="Pick an existing section or type a new one: the item moves there." />
        <datalist id={`${id}-sections`}>
          {sections.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <TextAreaField id={fieldId("description")} label="Description" rows={6} description="Markdown: **bold**, `code`, lists and [links](https://…). The preview below shows how it reads." value={description} onChange={(e) => setDescription(e.target.value)} maxLength={5000} error={errors.description} />
        <div className="space-y-1.5">
          <p id={`${id}-preview`} className="text-sm font-medium">
            Preview
          </p>
          <div role="region" aria-labelledby={`${id}-preview`} className="max-h-60 overflow-y-auto rounded-md border border-dashed border-zinc-300 p-3 dark:border-zinc-700">
            {description.trim() ? <Markdown text={description} /> : <p className="text-sm text-zinc-600 dark:text-zinc-400">No description.</p>}
          </div>
        </div>
        <fieldset className="space-y-3 rounded-md border border-zinc-200 p-4 dark:border-zinc-700">
          <legend className="px-1 text-sm font-medium">Automated check</legend>
          {kinds.error ? (
            <ErrorText error={kinds.error} fallback="The automated checks could not be loaded, so this one is left as it is. Close the dialog and open it again to retry." />
          ) : !kinds.data ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the facts T-Minus can watch…</p>
          ) : (
            <>
              <SelectField
                id={fieldId("binding.kind")}
                label="What T-Minus watches"
                description={kind ? kind.description : "Manual: people mark the item done. Automated: T-Minus ticks and unticks it as the fact changes."}
                value={binding.kind}
                onChange={(e) => setBinding((b) => ({ ...b, kind: e.target.value }))}
                error={errors["binding.kind"] ?? errors.binding}
              >
                <option value="">Manual (no binding)</option>
                {kinds.data.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                  </option>
                ))}
              </SelectField>
              {kind?.params.map((p) => {
                const path = `binding.${p.name}`;
                const common = { id: fieldId(path), label: paramLabel(p.name), required: p.required, value: binding.params[p.name] ?? "", error: errors[path] };
                if (p.name === "targetId") {
                  const none = targets.data?.length === 0;
                  return (
                    <SelectField
                      key={p.name}
                      {...common}
                      onChange={(e) => setParam(p.name, e.target.value)}
                      disabled={none}
                      description={targets.error ? "The project's targets could not be loaded; close the dialog and open it again to retry." : none ? "This project has no targets yet: add one on the Targets page first." : !targets.data ? "Loading the project's targets…" : undefined}
                    >
                      <option value="">Choose a target</option>
                      {targets.data?.map((t) => (
                        <option key={t.id} value={t.id}>
                          {t.name} ({t.environment})
                        </option>
                      ))}
                      {/* A target the list does not have (deleted, or not loaded yet) stays selectable as it was. */}
                      {binding.params[p.name] && !targets.data?.some((t) => t.id === binding.params[p.name]) && <option value={binding.params[p.name]}>{binding.params[p.name]}</option>}
                    </SelectField>
                  );
                }
                const numeric = NUMBER_PARAMS.has(p.name);
                return (
                  <TextField
                    key={p.name}
                    {...common}
                    type={numeric ? "number" : "text"}
                    inputMode={numeric ? "decimal" : undefined}
                    step={numeric ? "any" : undefined}
                    onChange={(e) => setParam(p.name, e.target.value)}
                    description={`${p.required ? "" : "Optional: "}${p.description}.`}
                  />
                );
              })}
            </>
          )}
        </fieldset>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={busy}>
            Save {item.ref}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function DeleteItemDialog({ projectId, item, launchHref, onClose }: { projectId: string; item: TItem; launchHref: string; onClose: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await deleteItem(projectId, item.id);
      // The item is gone: stop asking for it, and let the launch page load the checklist without it.
      await queryClient.cancelQueries({ queryKey: launchKeys.item(projectId, item.id) });
      queryClient.setQueryData<TLaunchDetail | null>(launchKeys.active(projectId), (l) => (l ? { ...l, items: l.items.filter((i) => i.id !== item.id) } : l));
      toast({ message: `Deleted ${item.ref} ${item.title} from ${item.section}.` });
      router.push(launchHref);
      void queryClient.invalidateQueries({ queryKey: launchKeys.active(projectId) });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <ConfirmDialog
      open
      onClose={onClose}
      title={`Delete ${item.ref}?`}
      confirmLabel={`Delete ${item.ref}`}
      onConfirm={() => void remove()}
      busy={busy}
      error={error ? <ErrorText error={error} fallback={`${item.ref} was not deleted. Try again.`} /> : null}
    >
      <p>
        {item.ref} “{item.title}” leaves the checklist with its {count(item.evidenceCount, "piece", "pieces")} of evidence and {count(item.commentCount, "comment", "comments")}; readiness is worked out again without it. The audit log
        keeps a record. Mark it not applicable instead if you may want it back.
      </p>
    </ConfirmDialog>
  );
}
