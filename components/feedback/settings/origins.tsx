"use client";

import { Globe, Plus, X } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useToast } from "@/components/ui/toast";
import { useSaveSettings } from "./parts";
import { MAX_ORIGINS, normalizeOrigin } from "./origin-rules";

/** The widget's allowed origins: add and remove in a draft, then save the whole list once. */
export function OriginsEditor({ projectId, origins, canManage }: { projectId: string; origins: string[]; canManage: boolean }) {
  const id = useId();
  const toast = useToast();
  const [draft, setDraft] = useState<string[] | null>(null);
  const [value, setValue] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const { save, busy, error } = useSaveSettings(projectId);
  const list = draft ?? origins;
  const changed = draft !== null && (draft.length !== origins.length || draft.some((o, i) => o !== origins[i]));

  function add(e: React.FormEvent) {
    e.preventDefault();
    const result = normalizeOrigin(value);
    if ("error" in result) return setFieldError(result.error);
    if (list.includes(result.origin)) return setFieldError(`${result.origin} is already in the list.`);
    if (list.length >= MAX_ORIGINS) return setFieldError(`At most ${MAX_ORIGINS} origins; remove one first.`);
    setDraft([...list, result.origin]);
    setValue("");
    setFieldError(undefined);
  }
  function remove(origin: string, index: number) {
    const next = list.filter((o) => o !== origin);
    setDraft(next);
    // Focus the next row's button (or the field when the list empties): the removed button is gone.
    requestAnimationFrame(() => (document.querySelector<HTMLElement>(`[data-origin-remove="${index}"]`) ?? document.querySelector<HTMLElement>(`[data-origin-remove="${index - 1}"]`) ?? document.getElementById(`${id}-origin`))?.focus());
  }
  async function submit() {
    if (!draft) return;
    const next = await save({ allowedOrigins: draft });
    if (!next) return;
    setDraft(null);
    toast({ message: next.allowedOrigins.length ? `Saved: the widget posts from ${next.allowedOrigins.length === 1 ? "1 origin" : `${next.allowedOrigins.length} origins`} only.` : "Saved: the widget posts from any origin." });
  }

  return (
    <div className="space-y-3">
      {list.length === 0 ? (
        <p className="flex items-center gap-1.5 rounded-md border border-dashed border-zinc-300 px-3 py-2.5 text-sm text-zinc-700 dark:border-zinc-700 dark:text-zinc-300">
          <Globe aria-hidden="true" className="size-4 shrink-0" />
          Any origin: no site is listed, so a page anywhere may post with the key.
        </p>
      ) : (
        <ul aria-label="Allowed origins" className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {list.map((origin, i) => (
            <li key={origin} className="flex items-center justify-between gap-3 px-3 py-1.5">
              <span className="min-w-0 font-mono text-sm break-all">{origin}</span>
              {canManage && (
                <Button variant="ghost" className="shrink-0 !px-2" data-origin-remove={i} onClick={() => remove(origin, i)} aria-label={`Remove ${origin}`}>
                  <X aria-hidden="true" className="size-4" />
                  <span aria-hidden="true" className="hidden sm:inline">
                    Remove
                  </span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <>
          <form onSubmit={add} noValidate className="flex flex-wrap items-start gap-2">
            <TextField
              id={`${id}-origin`}
              className="min-w-0 flex-1 basis-64"
              label="Add an origin"
              placeholder="https://shop.example.com"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              value={value}
              onChange={(e) => (setValue(e.target.value), setFieldError(undefined))}
              error={fieldError}
              description="The scheme and host (and a port if it has one), without a path."
            />
            <Button type="submit" variant="secondary" className="sm:mt-7">
              <Plus aria-hidden="true" className="size-4" />
              Add
            </Button>
          </form>
          <FormError error={error} title="The origins were not saved" />
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={submit} busy={busy} disabled={!changed}>
              Save origins
            </Button>
            {changed && (
              <>
                <Button variant="ghost" onClick={() => (setDraft(null), setFieldError(undefined))}>
                  Discard changes
                </Button>
                <p role="status" className="text-sm text-amber-800 dark:text-amber-300">
                  Not saved yet.
                </p>
              </>
            )}
          </div>
        </>
      )}
    </div>
  );
}
