"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { TextAreaField } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { useComment, type TFeedbackDetail } from "@/lib/queries/feedback";
import { SOURCE_LABEL } from "../labels";

const box = "rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";
const COMMENT_MAX = 10_000;

/** The conversation on an item, oldest first: the team's notes and what came in with merged duplicates or from GitHub. */
export function Comments({ projectId, item, canComment }: { projectId: string; item: TFeedbackDetail; canComment: boolean }) {
  return (
    <section aria-labelledby="comments-heading" className={box}>
      <h2 id="comments-heading" tabIndex={-1} className="mb-3 text-base font-semibold outline-none">
        Comments <span className="text-sm font-normal tabular-nums text-zinc-600 dark:text-zinc-400">({item.comments.length})</span>
      </h2>
      {item.comments.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No comments yet.</p>
      ) : (
        <ol className="space-y-3">
          {item.comments.map((c) => (
            <li key={c.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <p className="mb-1.5 text-xs text-zinc-600 dark:text-zinc-400">
                <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{c.authorName}</strong> · {c.source === "team" ? "in T-Minus" : `via ${SOURCE_LABEL[c.source]}`} · <RelativeTime iso={c.createdAt} />
              </p>
              <div className="whitespace-pre-wrap break-words text-sm">{c.body}</div>
            </li>
          ))}
        </ol>
      )}
      {canComment && <CommentForm projectId={projectId} item={item} />}
    </section>
  );
}

function CommentForm({ projectId, item }: { projectId: string; item: TFeedbackDetail }) {
  const id = useId();
  const toast = useToast();
  const comment = useComment(projectId);
  const [body, setBody] = useState("");
  const [fieldError, setFieldError] = useState<string>();
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (comment.isPending) return;
    if (!body.trim()) {
      setFieldError("Write a comment first.");
      return document.getElementById(`${id}-body`)?.focus();
    }
    setFieldError(undefined);
    try {
      await comment.mutateAsync({ item, body: body.trim() });
      setBody("");
      toast({ message: `Commented on ${item.ref}.` });
      document.getElementById("comments-heading")?.focus();
    } catch (err) {
      const issue = err instanceof ApiError ? err.fieldErrors().body : undefined;
      if (issue) setFieldError(`The comment ${issue}.`);
    }
  }
  const failed = comment.error && !(comment.error instanceof ApiError && comment.error.fieldErrors().body);
  return (
    <form onSubmit={submit} noValidate className="mt-4 space-y-3">
      <TextAreaField id={`${id}-body`} label="Add a comment" description="Plain text." value={body} onChange={(e) => setBody(e.target.value)} maxLength={COMMENT_MAX} error={fieldError} />
      {failed && <ErrorText error={comment.error} fallback="The comment was not posted. Try again." />}
      <Button type="submit" variant="secondary" busy={comment.isPending}>
        Comment
      </Button>
    </form>
  );
}
