"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { TextAreaField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { addComment, type TItemDetail } from "@/lib/queries/launch";
import { useRefreshLaunch } from "./use-launch";

/** Posts a Markdown comment on an item; @mentions notify the project's channels. */
export function CommentForm({ projectId, item }: { projectId: string; item: TItemDetail }) {
  const id = useId();
  const toast = useToast();
  const refresh = useRefreshLaunch(projectId);
  const [body, setBody] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!body.trim()) {
      setFieldError("Write a comment first.");
      return document.getElementById(`${id}-body`)?.focus();
    }
    setFieldError(undefined);
    setError(null);
    setBusy(true);
    try {
      await addComment(projectId, item.id, body.trim());
      setBody("");
      toast({ message: `Commented on ${item.ref}.` });
      await refresh();
      document.getElementById("comments-heading")?.focus();
    } catch (err) {
      const issue = err instanceof ApiError ? err.fieldErrors().body : undefined;
      if (issue) setFieldError(`Comment ${issue}.`);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
        <form onSubmit={submit} noValidate className="mt-4 space-y-3">
          <TextAreaField
            id={`${id}-body`}
            label="Add a comment"
            description="Markdown: **bold**, `code`, lists. Mention someone with @name or @email; they are notified."
            value={body}
            onChange={(e) => setBody(e.target.value)}
            maxLength={5000}
            error={fieldError}
          />
          {error !== null && <ErrorText error={error} fallback="The comment was not posted. Try again." />}
          <Button type="submit" variant="secondary" busy={busy}>
            Comment
          </Button>
        </form>
  );
}
