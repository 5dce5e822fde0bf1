"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { SelectField, TextField, controlClass } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { ApiError } from "@/lib/queries/api";
import { updateRunbook } from "@/lib/queries/runbooks";
import { MermaidDiagrams } from "./mermaid-diagrams";

// The same prompt pattern as lib/markdown/render.ts, repeated here so counting prompts as one types does not pull the
// Markdown renderer into the page's first load (the preview loads it when first shown).
const PROMPT = /\{\{([^{}\n]{1,300})\}\}/g;

export function RunbookEditor({ projectId, projectSlug, page, members }: {
  projectId: string;
  projectSlug: string;
  page: { key: string; title: string; body: string; version: number; ownerId: string | null };
  members: { userId: string; name: string }[];
}) {
  const router = useRouter();
  const [title, setTitle] = useState(page.title);
  const [body, setBody] = useState(page.body);
  const [ownerId, setOwnerId] = useState(page.ownerId ?? "");
  const [tab, setTab] = useState<"write" | "preview">("write");
  const [preview, setPreview] = useState<{ html: string; n: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const prompts = [...body.matchAll(PROMPT)].length;
  const fieldError = (path: string) => error?.issues.find((i) => i.path === path)?.message;

  async function showPreview() {
    setTab("preview");
    const { renderMarkdown } = await import("@/lib/markdown/render");
    setPreview((p) => ({ html: renderMarkdown(body), n: (p?.n ?? 0) + 1 }));
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await updateRunbook(projectId, page.key, { title, body, ownerId: ownerId || null, baseVersion: page.version });
      router.push(`/projects/${projectSlug}/runbooks/${page.key}`);
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "network", "Could not reach T-Minus; your text is still here", []));
      setBusy(false);
    }
  }

  const tabClass = "rounded-t-md border border-b-0 px-3 py-1.5 text-sm font-medium aria-selected:bg-white aria-selected:text-zinc-900 border-zinc-300 text-zinc-700 dark:border-zinc-700 dark:text-zinc-300 dark:aria-selected:bg-zinc-900 dark:aria-selected:text-zinc-100";
  return (
    <form onSubmit={save} className="space-y-4">
      <FormError error={error} title="The page was not saved" />
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_16rem]">
        <TextField id="runbook-title" label="Title" value={title} onChange={(e) => setTitle(e.target.value)} required error={fieldError("title")} />
        <SelectField id="runbook-owner" label="Owner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)} error={fieldError("ownerId")}>
          <option value="">No owner</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </SelectField>
      </div>
      <div>
        <div role="tablist" aria-label="Editor" className="flex gap-1">
          <button type="button" role="tab" id="tab-write" aria-controls="panel-write" aria-selected={tab === "write"} onClick={() => setTab("write")} className={tabClass}>
            Write
          </button>
          <button type="button" role="tab" id="tab-preview" aria-controls="panel-preview" aria-selected={tab === "preview"} onClick={showPreview} className={tabClass}>
            Preview
          </button>
        </div>
        <div id="panel-write" role="tabpanel" aria-labelledby="tab-write" hidden={tab !== "write"}>
          <label htmlFor="runbook-body" className="sr-only">
            Page text (Markdown)
          </label>
          <textarea
            id="runbook-body"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            rows={24}
            spellCheck
            aria-describedby="runbook-body-help"
            aria-invalid={fieldError("body") ? true : undefined}
            className={`${controlClass} rounded-tl-none font-mono text-[0.8125rem] leading-6`}
          />
        </div>
        <div id="panel-preview" role="tabpanel" aria-labelledby="tab-preview" hidden={tab !== "preview"} className="min-h-48 rounded-md rounded-tl-none border border-zinc-300 bg-white p-4 dark:border-zinc-700 dark:bg-zinc-900">
          {preview ? (
            <>
              <div id={`runbook-preview-${preview.n}`} className="md" dangerouslySetInnerHTML={{ __html: preview.html || "<p>Nothing written yet.</p>" }} />
              <MermaidDiagrams key={preview.n} containerId={`runbook-preview-${preview.n}`} />
            </>
          ) : (
            <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
              Rendering the preview…
            </p>
          )}
        </div>
        <p id="runbook-body-help" className="mt-1.5 text-xs text-zinc-600 dark:text-zinc-400">
          Markdown: headings with #, lists, `code`, fenced code blocks, tables, links. A <span className="font-mono">```mermaid</span> block draws a diagram. HTML is shown as text.{" "}
          {prompts > 0 ? (
            <strong className="font-semibold text-amber-800 dark:text-amber-300">{prompts} template prompt{prompts === 1 ? "" : "s"} ({"{{…}}"}) left to replace.</strong>
          ) : (
            "No template prompts left."
          )}
        </p>
        {fieldError("body") && <p className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">{fieldError("body")}</p>}
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        <Link href={`/projects/${projectSlug}/runbooks/${page.key}`} className={buttonClass("secondary")}>
          Cancel
        </Link>
        <Button type="submit" busy={busy}>
          Save page
        </Button>
      </div>
    </form>
  );
}
