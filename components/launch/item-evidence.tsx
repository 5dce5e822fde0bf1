"use client";

import { Bot, ExternalLink, Link2, StickyNote, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { TextAreaField, TextField } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { addEvidence, deleteEvidence, type TItemDetail } from "@/lib/queries/launch";
import { Tag } from "./labels";
import { useRefreshLaunch } from "./use-launch";

const box = "rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";

/** Proof that the item is true: links (opened in a new tab), notes, and what T-Minus measured itself. */
export function ItemEvidence({ projectId, item, canWork }: { projectId: string; item: TItemDetail; canWork: boolean }) {
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

  async function remove(evidenceId: string) {
    setError(null);
    try {
      await deleteEvidence(projectId, item.id, evidenceId);
      toast({ message: `Removed the evidence from ${item.ref}.` });
      await refresh();
      document.getElementById("evidence-heading")?.focus();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section aria-labelledby="evidence-heading" className={box}>
      <h2 id="evidence-heading" tabIndex={-1} className="mb-3 text-base font-semibold">
        Evidence <span className="text-sm font-normal tabular-nums text-zinc-600 dark:text-zinc-400">({item.evidence.length})</span>
      </h2>
      {item.evidence.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No evidence yet. {canWork ? "Add a link to a run, a doc or a dashboard, or a note on what you checked." : "Members add links and notes here as they work."}</p>
      ) : (
        <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="evidence-list">
          {item.evidence.map((ev) => (
            <li key={ev.id} className="flex items-start justify-between gap-3 py-2">
              <div className="min-w-0 space-y-1">
                <p className="flex flex-wrap items-center gap-2">
                  {ev.kind === "auto" ? (
                    <Tag tone="info" icon={Bot}>
                      T-Minus
                    </Tag>
                  ) : ev.kind === "link" ? (
                    <Link2 aria-label="Link" className="size-4 shrink-0" />
                  ) : (
                    <StickyNote aria-label="Note" className="size-4 shrink-0" />
                  )}
                  {ev.url && (
                    <a href={ev.url} target="_blank" rel="noopener noreferrer" className="inline-flex min-w-0 items-center gap-1 break-all font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
                      {ev.text && ev.kind === "link" ? ev.text : ev.url}
                      <ExternalLink aria-hidden="true" className="size-3.5 shrink-0" />
                      <span className="sr-only"> (opens in a new tab)</span>
                    </a>
                  )}
                </p>
                {ev.text && !(ev.kind === "link" && ev.url) && <p className="whitespace-pre-line break-words">{ev.text}</p>}
                <p className="text-xs text-zinc-600 dark:text-zinc-400">
                  {ev.kind === "auto" ? "Measured by T-Minus" : ev.addedBy} · <RelativeTime iso={ev.createdAt} />
                </p>
              </div>
              {canWork && ev.kind !== "auto" && (
                <Button variant="ghost" className="shrink-0" onClick={() => void remove(ev.id)} aria-label={`Remove the ${ev.kind} ${ev.url ?? ev.text.slice(0, 40)}`}>
                  <Trash2 aria-hidden="true" className="size-4" />
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWork && (
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
      )}
    </section>
  );
}
