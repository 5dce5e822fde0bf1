"use client";

import { ThumbsUp } from "lucide-react";
import { explainError } from "@/components/ui/error-text";
import { useToast } from "@/components/ui/toast";
import { useVote, type TFeedbackDetail } from "@/lib/queries/feedback";

/** +1 for the team (feedback.vote): a toggle with the count; a vote on a duplicate counts for its original. */
export function VoteButton({ projectId, item }: { projectId: string; item: Pick<TFeedbackDetail, "id" | "ref" | "voteCount" | "votedByMe"> }) {
  const vote = useVote(projectId);
  const toast = useToast();
  const on = item.votedByMe;
  const toggle = () => {
    if (vote.isPending) return;
    vote.mutate(
      { item, vote: !on },
      {
        onSuccess: (r) => toast({ message: r.votedByMe ? `You voted for ${item.ref}; ${r.voteCount} now.` : `Your vote for ${item.ref} is taken back; ${r.voteCount} now.` }),
        onError: (error) => toast({ message: `The vote was not counted. ${explainError(error).sentence}`, tone: "danger" }),
      },
    );
  };
  return (
    <button
      type="button"
      onClick={toggle}
      aria-pressed={on}
      aria-disabled={vote.isPending || undefined}
      data-testid="vote-button"
      className="inline-flex items-center gap-2 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 aria-disabled:cursor-wait aria-disabled:opacity-60 aria-pressed:border-indigo-600 aria-pressed:bg-indigo-50 aria-pressed:text-indigo-900 dark:border-zinc-600 dark:bg-zinc-900 dark:hover:bg-zinc-800 dark:aria-pressed:border-indigo-400 dark:aria-pressed:bg-indigo-950 dark:aria-pressed:text-indigo-100"
    >
      <ThumbsUp aria-hidden="true" className={`size-4 ${on ? "fill-current" : ""}`} />
      <span>{on ? "Voted +1" : "+1"}</span>
      <span className="tabular-nums text-zinc-700 dark:text-zinc-300">
        · {item.voteCount} {item.voteCount === 1 ? "vote" : "votes"}
      </span>
    </button>
  );
}
