"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { TextAreaField, TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { addEvidence, type TItemDetail } from "@/lib/queries/launch";
import { useRefreshLaunch } from "./use-launch";

/** Adds a link or a note to an item's evidence. */
export function EvidenceForm({ projectId, item }: { projectId: string; item: TItemDetail }) {
  const id = useId();
  const toast = useToast();
  const refresh = useRefreshLaunch(projectId);
  const [kind, setKind] = useState<"link" | "note">("link");
  const [url, setUrl] = useState("");
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (kind === "link" && !/^https?:\/\/\S+$/i.test(url.trim())) errs.url = "Paste the full address, starting with https:// or http://.";
    if (kind === "note" && !text.trim()) errs.text = "Write what was checked and what you found.";
    setErrors(errs);
    if (Object.keys(errs).length) return document.getElementById(`${id}-${Object.keys(errs)[0]}`)?.focus();
    setBusy(true);
    setError(null);
    try {
      await addEvidence(projectId, item.id, kind === "link" ? { kind, url: url.trim(), text: text.trim() } : { kind, text: text.trim() });
      toast({ message: `Added a ${kind === "link" ? "link" : "note"} to ${item.ref}.` });
      setUrl("");
      setText("");
      await refresh();
      document.getElementById("evidence-heading")?.focus();
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        const f = err.fieldErrors();
        setErrors({ ...(f.url ? { url: `URL ${f.url}.` } : {}), ...(f.text ? { text: `${kind === "link" ? "Description" : "Note"} ${f.text}.` } : {}) });
      } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
        <form onSubmit={submit} noValidate className="mt-4 space-y-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <fieldset className="flex flex-wrap gap-4 text-sm">
            <legend className="mb-1 font-medium">Add evidence</legend>
            {(["link", "note"] as const).map((k) => (
              <label key={k} className="flex items-center gap-2">
                <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => (setKind(k), setErrors({}))} className="size-4" />
                {k === "link" ? "Link" : "Note"}
              </label>
            ))}
          </fieldset>
          {kind === "link" && <TextField id={`${id}-url`} type="url" label="URL" required placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} maxLength={2000} error={errors.url} />}
          <TextAreaField
            id={`${id}-text`}
            label={kind === "link" ? "Description" : "Note"}
            required={kind === "note"}
            description={kind === "link" ? "Optional: what the link shows." : undefined}
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={5000}
            error={errors.text}
          />
          {error !== null && <ErrorText error={error} fallback="The evidence was not saved. Try again." />}
          <Button type="submit" variant="secondary" busy={busy}>
            Add {kind === "link" ? "link" : "note"}
          </Button>
        </form>
  );
}
