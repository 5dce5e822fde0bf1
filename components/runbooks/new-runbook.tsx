"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { ApiError } from "@/lib/queries/api";
import { createRunbook } from "@/lib/queries/runbooks";

export type TemplateChoice = { key: string; title: string; summary: string; taken: boolean };

/** "New page": from one of the templates not yet in the project, or blank. Opens the editor on the new page. */
export function NewRunbook({ projectId, projectSlug, templates }: { projectId: string; projectSlug: string; templates: TemplateChoice[] }) {
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<string>("blank");
  const [title, setTitle] = useState("");
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const router = useRouter();
  const fieldError = (path: string) => error?.issues.find((i) => i.path === path)?.message;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = choice === "blank" ? { title, ...(key ? { key } : {}) } : { template: choice, ...(title ? { title } : {}), ...(key ? { key } : {}) };
      const page = await createRunbook(projectId, body);
      router.push(`/projects/${projectSlug}/runbooks/${page.key}/edit`);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "network", "Could not reach T-Minus", []));
      setBusy(false);
    }
  }

  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus aria-hidden="true" className="size-4" />
        New page
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="New runbook page" description="Start from a template (its specifics are prompts to fill in) or a blank page.">
        <form onSubmit={submit} className="space-y-4">
          <FormError error={error} title="The page was not created" />
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Start from</legend>
            {templates.map((t) => (
              <label key={t.key} className="flex items-start gap-2 text-sm">
                <input type="radio" name="template" value={t.key} checked={choice === t.key} onChange={() => setChoice(t.key)} className="mt-1" />
                <span>
                  <span className="font-medium">{t.title}</span> <span className="text-zinc-600 dark:text-zinc-400">— {t.summary}</span>
                  {t.taken && <span className="block text-xs text-zinc-600 dark:text-zinc-400">This project has a page with key “{t.key}”: give the copy its own key below.</span>}
                </span>
              </label>
            ))}
            <label className="flex items-start gap-2 text-sm">
              <input type="radio" name="template" value="blank" checked={choice === "blank"} onChange={() => setChoice("blank")} className="mt-1" />
              <span className="font-medium">Blank page</span>
            </label>
          </fieldset>
          <TextField id="runbook-title" label="Title" value={title} onChange={(e) => setTitle(e.target.value)} required={choice === "blank"} description={choice === "blank" ? undefined : "Leave empty to use the template's title."} error={fieldError("title")} />
          <TextField id="runbook-key" label="Address" value={key} onChange={(e) => setKey(e.target.value)} description="Lowercase words with hyphens, e.g. payments-outage. Leave empty to make one from the title. Checklist items find a page by it." error={fieldError("key")} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" busy={busy}>
              Create and edit
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
