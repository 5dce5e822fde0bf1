"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Badge } from "@/components/ui/status-pill";
import { ApiError } from "@/lib/queries/api";
import { createRelease, parseCommitLines, previewRelease, type CommitInput, type TRelease } from "@/lib/queries/releases";
import { ChangeCounts, ChangeGroups } from "./release-changes";

const EXAMPLE = "a1b2c3d feat(search): filter by price\nb2c3d4e fix: totals round half up";

/** An API issue at commits.3.message names the line it came from: "Line 5: message is required". */
function commitsError(fields: Record<string, string>, lines: number[]) {
  for (const [path, message] of Object.entries(fields)) {
    const m = /^commits(?:\.(\d+))?(?:\.(\w+))?$/.exec(path);
    if (!m) continue;
    if (m[1] === undefined) return `Commits ${message}`;
    return `Line ${lines[Number(m[1])] ?? Number(m[1]) + 1}: ${m[2] ?? "commit"} ${message}`;
  }
  return undefined;
}

/**
 * Two steps in one form: Preview asks the server what version and changelog these commits give, then Create release
 * posts. Editing the commits after a preview asks for a new preview, so what is created is what was shown.
 */
export function NewReleaseForm({ projectId, onCreated, onCancel }: { projectId: string; onCreated: (r: TRelease) => void; onCancel: () => void }) {
  const [version, setVersion] = useState("");
  const [title, setTitle] = useState("");
  const [notes, setNotes] = useState("");
  const [text, setText] = useState("");
  const [lineError, setLineError] = useState<string | null>(null);
  const [parsed, setParsed] = useState<{ text: string; commits: CommitInput[]; lines: number[] } | null>(null);
  const previewHeading = useRef<HTMLHeadingElement>(null);

  const preview = useMutation({ mutationFn: (commits: CommitInput[]) => previewRelease(projectId, commits) });
  const create = useMutation({ mutationFn: (commits: CommitInput[]) => createRelease(projectId, { version: version.trim() || undefined, title: title.trim(), notes, commits }), onSuccess: onCreated });

  const current = preview.data && parsed?.text === text ? preview.data : null;
  // Focus moves to the preview once it arrives, so a screen reader reads the suggestion.
  useEffect(() => {
    if (preview.data) previewHeading.current?.focus();
  }, [preview.data]);

  const error = (create.error ?? preview.error) instanceof ApiError ? ((create.error ?? preview.error) as ApiError) : null;
  const fields = error?.fieldErrors() ?? {};

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (current && parsed) {
      create.mutate(parsed.commits);
      return;
    }
    const result = parseCommitLines(text);
    setLineError(result.error);
    if (result.error !== null) return;
    create.reset();
    setParsed({ text, commits: result.commits, lines: result.lines });
    preview.mutate(result.commits);
  }

  const commitsMessage = lineError ?? commitsError(fields, parsed?.lines ?? []);
  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-label="New release">
      <FormError error={error} title={create.error ? "The release was not created" : "The preview failed"} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id="release-version"
          name="version"
          label="Version"
          value={version}
          onChange={(e) => setVersion(e.target.value)}
          placeholder={current ? current.suggestion.version : "Preview to get a suggestion"}
          description="Optional. Leave empty to take the suggested version."
          error={fields.version}
          autoComplete="off"
          spellCheck={false}
          className="[&_input]:font-mono"
        />
        <TextField id="release-title" name="title" label="Title" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Launch candidate" error={fields.title} maxLength={120} />
      </div>
      <TextAreaField id="release-notes" name="notes" label="Notes" value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} description="Optional. A sentence or two that opens this release in the changelog." error={fields.notes} />
      <TextAreaField
        id="release-commits"
        name="commits"
        label="Commits"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={5}
        placeholder={EXAMPLE}
        spellCheck={false}
        description={
          <>
            One commit per line: <code className="font-mono">&lt;hash&gt; &lt;message&gt;</code>, as <code className="font-mono">git log --format=&apos;%h %s&apos;</code> prints them. Conventional commits (feat:, fix:, feat!:) are grouped.
          </>
        }
        error={commitsMessage}
        className="[&_textarea]:font-mono [&_textarea]:text-xs"
      />

      {current && (
        <section aria-labelledby="release-preview-heading" className="space-y-3 rounded-md border border-zinc-200 bg-zinc-50 p-4 dark:border-zinc-700 dark:bg-zinc-950">
          <h3 id="release-preview-heading" ref={previewHeading} tabIndex={-1} className="text-sm font-semibold">
            Preview
          </h3>
          <p className="flex flex-wrap items-baseline gap-x-2 gap-y-1 text-sm">
            <span>Suggested version</span>
            <span data-testid="suggested-version" className="font-mono text-2xl font-semibold tracking-tight">
              {current.suggestion.version}
            </span>
            <Badge>{current.suggestion.bump}</Badge>
          </p>
          <p data-testid="suggestion-reason" className="text-sm text-zinc-700 dark:text-zinc-300">
            {current.suggestion.reason}
            {current.suggestion.previous && (
              <>
                {" "}
                (latest release: <span className="font-mono">{current.suggestion.previous}</span>)
              </>
            )}
            .
          </p>
          {version.trim() && version.trim() !== current.suggestion.version && (
            <p className="text-sm">
              You set <span className="font-mono">{version.trim()}</span>; the suggestion is used only when Version is empty.
            </p>
          )}
          <ChangeCounts changes={current.changes} />
          <ChangeGroups changes={current.changes} emptyText="No commits: the release has no listed changes." />
        </section>
      )}

      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        {current ? (
          <Button type="submit" busy={create.isPending}>
            Create release
          </Button>
        ) : (
          <Button type="submit" busy={preview.isPending}>
            Preview
          </Button>
        )}
      </div>
    </form>
  );
}
