"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { TextAreaField, TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { fetchTemplateYaml, launchKeys, updateTemplate, type TTemplate } from "@/lib/queries/launch";
import { describeBodyIssue, parseSectionsYaml, sectionsYaml } from "./template-yaml";

// Loaded on first use (templates-view.tsx): it brings the `yaml` parser, which the templates page must not load up front.

export function EditTemplateDialog({ projectId, template, onClose }: { projectId: string; template: TTemplate; onClose: () => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const toast = useToast();
  const source = useQuery({ queryKey: [...launchKeys.templates(projectId), template.id, "yaml"], queryFn: () => fetchTemplateYaml(projectId, template.id), staleTime: 0, gcTime: 0 });
  const [name, setName] = useState(template.name);
  const [description, setDescription] = useState(template.description);
  const [edited, setYaml] = useState<string | null>(null);
  const yaml = edited ?? (source.data ? sectionsYaml(source.data) : "");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<{ title: string; list: string[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setProblems(null);
    setError(null);
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = "Name the template, such as “Public beta checklist”.";
    const parsed = parseSectionsYaml(yaml);
    if (!parsed.sections) errs.body = "Fix the YAML problems listed above, then save again.";
    setFieldErrors(errs);
    if (!parsed.sections) setProblems({ title: `The YAML has ${parsed.problems.length === 1 ? "a problem" : `${parsed.problems.length} problems`}; nothing was saved`, list: parsed.problems });
    if (Object.keys(errs).length) return document.getElementById(`${id}-${errs.name ? "name" : "body"}`)?.focus();
    setBusy(true);
    try {
      const t = await updateTemplate(projectId, template.id, { name: name.trim(), description, body: { sections: parsed.sections } });
      onClose();
      toast({ message: `Saved ${t.name}: ${t.itemCount} items in ${t.sectionCount} sections. Launches already started from it keep their checklists.` });
      await queryClient.invalidateQueries({ queryKey: launchKeys.templates(projectId) });
      document.getElementById(`template-${t.id}`)?.focus();
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        const f = err.fieldErrors();
        setFieldErrors({ ...(f.name ? { name: `Name ${f.name}.` } : {}), ...(f.description ? { description: `Description ${f.description}.` } : {}) });
        const rest = err.issues.filter((i) => i.path !== "name" && i.path !== "description");
        if (rest.length) {
          setProblems({
            title: `The template has ${rest.length === 1 ? "a problem" : `${rest.length} problems`}; nothing was saved`,
            list: rest.map((i) => (i.path === "body" || i.path.startsWith("body.") ? describeBodyIssue(yaml, i) : `${i.path} ${i.message}.`)),
          });
        }
      } else setError(err);
      setBusy(false);
    }
  }
  return (
    <Dialog open onClose={onClose} title={`Edit ${template.name}`} description="Launches already started from this template keep their checklists; the next launch uses what you save here." wide>
      <form onSubmit={submit} noValidate className="space-y-4">
        {problems && (
          <Alert title={problems.title}>
            <ul className="list-disc space-y-1 pl-5" data-testid="template-edit-issues">
              {problems.list.map((p, n) => (
                <li key={n}>{p}</li>
              ))}
            </ul>
          </Alert>
        )}
        {error !== null && <ErrorText error={error} fallback="The template was not saved. Try again." />}
        <TextField id={`${id}-name`} label="Name" required value={name} onChange={(e) => setName(e.target.value)} maxLength={120} error={fieldErrors.name} />
        <TextAreaField id={`${id}-description`} label="Description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} error={fieldErrors.description} />
        {source.error ? (
          <ErrorText error={source.error} fallback="The template's YAML could not be loaded. Close the dialog and open it again to retry." />
        ) : !source.data && edited === null ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the template&apos;s sections and items…</p>
        ) : (
          <TextAreaField
            id={`${id}-body`}
            label="Sections and items (YAML)"
            rows={16}
            spellCheck={false}
            description="Each section has a title and items; each item a title and optionally description, blocking, signOffRequired, renewalDays and binding (automated items name an environment, not an id)."
            value={yaml}
            onChange={(e) => setYaml(e.target.value)}
            error={fieldErrors.body}
          />
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={busy} disabled={!source.data && edited === null}>
            Save template
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
