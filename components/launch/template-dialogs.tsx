"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { cloneTemplate, deleteTemplate, importTemplate, launchKeys, type TTemplate } from "@/lib/queries/launch";

// Loaded on first use (templates-view.tsx).

/** "sections.0.items.2.title" as "Section 1, item 3, title". */
export function issuePath(path: string): string {
  const parts = path.replace(/^(content|body)\.?/, "").split(".").filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const next = parts[i + 1];
    if ((parts[i] === "sections" || parts[i] === "items") && next !== undefined && /^\d+$/.test(next)) {
      out.push(`${parts[i] === "sections" ? "Section" : "item"} ${Number(next) + 1}`);
      i++;
    } else out.push(parts[i]);
  }
  return out.join(", ") || "The document";
}

function useDone(projectId: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return async (message: string, focusId: string) => {
    toast({ message });
    await queryClient.invalidateQueries({ queryKey: launchKeys.templates(projectId) });
    document.getElementById(focusId)?.focus();
  };
}

export function ImportTemplateDialog({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const id = useId();
  const done = useDone(projectId);
  const [format, setFormat] = useState<"json" | "yaml">("yaml");
  const [content, setContent] = useState("");
  const [name, setName] = useState("");
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function readFile(file: File | undefined) {
    if (!file) return;
    if (file.size > 1_000_000) {
      setFieldErrors({ content: `${file.name} is larger than 1 MB; a template must be smaller.` });
      return;
    }
    setContent(await file.text());
    if (/\.json$/i.test(file.name)) setFormat("json");
    else if (/\.ya?ml$/i.test(file.name)) setFormat("yaml");
    setFileNote(`Read ${file.name}; check the format below, then import.`);
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setIssues([]);
    setError(null);
    if (!content.trim()) {
      setFieldErrors({ content: "Paste the template, or choose a file." });
      return document.getElementById(`${id}-content`)?.focus();
    }
    setFieldErrors({});
    setBusy(true);
    try {
      const t = await importTemplate(projectId, { format, content, ...(name.trim() ? { name: name.trim() } : {}) });
      onClose();
      await done(`Imported ${t.name}: ${t.itemCount} items in ${t.sectionCount} sections.`, `template-${t.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        const top = Object.fromEntries(err.issues.filter((i) => ["format", "content", "name"].includes(i.path)).map((i) => [i.path, `${i.path[0].toUpperCase()}${i.path.slice(1)} ${i.message}.`]));
        setFieldErrors(top);
        setIssues(err.issues.filter((i) => !["format", "content", "name"].includes(i.path)));
      } else setError(err);
      setBusy(false);
    }
  }
  return (
    <Dialog open onClose={onClose} title="Import a template" description="JSON or YAML with sections of items, as exported from any project. Automated items name environments, not ids." wide>
      <form onSubmit={submit} noValidate className="space-y-4">
        {issues.length > 0 && (
          <Alert title={`The template has ${issues.length === 1 ? "a problem" : `${issues.length} problems`}; nothing was imported`}>
            <ul className="list-disc space-y-1 pl-5" data-testid="import-issues">
              {issues.map((i, n) => (
                <li key={n}>
                  <span className="font-medium">{issuePath(i.path)}</span> {i.message}. <code className="font-mono text-xs">({i.path})</code>
                </li>
              ))}
            </ul>
          </Alert>
        )}
        {error !== null && <ErrorText error={error} fallback="The template was not imported. Try again." />}
        <div className="space-y-1.5">
          <label htmlFor={`${id}-file`} className="text-sm font-medium">
            File
          </label>
          <input id={`${id}-file`} type="file" accept=".json,.yaml,.yml,application/json,text/yaml" onChange={(e) => void readFile(e.target.files?.[0])} className="block w-full text-sm" aria-describedby={fileNote ? `${id}-file-note` : undefined} />
          {fileNote && (
            <p id={`${id}-file-note`} className="text-xs text-zinc-600 dark:text-zinc-400">
              {fileNote}
            </p>
          )}
        </div>
        <TextAreaField id={`${id}-content`} label="Or paste it" rows={10} value={content} onChange={(e) => setContent(e.target.value)} error={fieldErrors.content} spellCheck={false} />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField id={`${id}-format`} label="Format" value={format} onChange={(e) => setFormat(e.target.value as "json" | "yaml")} error={fieldErrors.format}>
            <option value="yaml">YAML</option>
            <option value="json">JSON</option>
          </SelectField>
          <TextField id={`${id}-name`} label="Name" description="Optional: overrides the name in the document." value={name} onChange={(e) => setName(e.target.value)} maxLength={120} error={fieldErrors.name} />
        </div>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={busy}>
            Import
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function CloneTemplateDialog({ projectId, template, onClose }: { projectId: string; template: TTemplate; onClose: () => void }) {
  const id = useId();
  const done = useDone(projectId);
  const [name, setName] = useState(`${template.name} (copy)`);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setFieldError("Name the copy.");
    setBusy(true);
    setError(null);
    try {
      const t = await cloneTemplate(projectId, template.id, name.trim());
      onClose();
      await done(`Cloned ${template.name} as ${t.name}.`, `template-${t.id}`);
    } catch (err) {
      const issue = err instanceof ApiError ? err.fieldErrors().name : undefined;
      if (issue) setFieldError(`Name ${issue}.`);
      else setError(err);
      setBusy(false);
    }
  }
  return (
    <Dialog open onClose={onClose} title={`Clone ${template.name}`} description="A project template you can export, edit and start launches from.">
      <form onSubmit={submit} noValidate className="space-y-4">
        <TextField id={`${id}-name`} label="Name of the copy" required value={name} onChange={(e) => setName(e.target.value)} maxLength={120} error={fieldError} />
        {error !== null && <ErrorText error={error} fallback="The template was not cloned. Try again." />}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={busy}>
            Clone
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteTemplateDialog({ projectId, template, onClose }: { projectId: string; template: TTemplate; onClose: () => void }) {
  const done = useDone(projectId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await deleteTemplate(projectId, template.id);
      onClose();
      await done(`Deleted the template ${template.name}. Launches started from it keep their checklists.`, "templates-heading");
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <ConfirmDialog
      open
      onClose={onClose}
      title={`Delete the template ${template.name}?`}
      confirmLabel={`Delete ${template.name}`}
      onConfirm={() => void remove()}
      busy={busy}
      error={error ? <ErrorText error={error} fallback="The template was not deleted. Try again." /> : null}
    >
      <p>
        Its {template.itemCount} items in {template.sectionCount} sections go. Launches already started from it keep their checklists. Export it first if you may want it back.
      </p>
    </ConfirmDialog>
  );
}
