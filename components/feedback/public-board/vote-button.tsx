"use client";

import { ThumbsUp } from "lucide-react";
import { useEffect, useRef } from "react";
import { useFormStatus } from "react-dom";
import { Spinner } from "@/components/ui/button";

/**
 * The +1 submit button: a plain submit without JavaScript; with it, busy while the vote is on its way, and focused
 * again once the board comes back (a client navigation would otherwise leave focus on the page body).
 */
export function VoteButton({ itemRef, justVoted, noteId }: { itemRef: string; justVoted: boolean; noteId: string }) {
  const { pending } = useFormStatus();
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (justVoted) ref.current?.focus();
  }, [justVoted]);
  return (
    <button
      ref={ref}
      type="submit"
      aria-describedby={justVoted ? noteId : undefined}
      aria-disabled={pending || undefined}
      onClick={(e) => pending && e.preventDefault()}
      className="inline-flex min-h-9 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-semibold text-zinc-900 hover:bg-zinc-100 aria-disabled:cursor-wait aria-disabled:opacity-70 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
    >
      {pending ? <Spinner className="size-4" /> : <ThumbsUp aria-hidden="true" className="size-4" />}
      +1<span className="sr-only"> for {itemRef}</span>
    </button>
  );
}
