"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, api } from "@/lib/queries/api";

type Outcome = { state: "failed" | "waiting" | "queued"; attempts: number; lastError: string | null };

const sentence = (o: Outcome) =>
  o.state === "queued"
    ? "Retried: the job reached the queue."
    : o.state === "waiting"
      ? "Back in the outbox: the queue did not answer; the worker relays it when it does."
      : `Stuck again: ${o.lastError ?? "the job was refused"}.`;

// The row stays in place with its outcome (rather than vanishing on refresh), so the announcement is heard and seen.
export function RetryDeadLetter({ id, name }: { id: string; name: string }) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [message, setMessage] = useState("");
  const status = useRef<HTMLParagraphElement>(null);

  async function retry() {
    setBusy(true);
    try {
      const outcome = await api<Outcome>(`/instance/outbox/${encodeURIComponent(id)}/retry`, { method: "POST", body: {} });
      setMessage(sentence(outcome));
      setDone(outcome.state !== "failed");
      // The button goes away on success: focus moves to the outcome instead of dropping to the page.
      if (outcome.state !== "failed") requestAnimationFrame(() => status.current?.focus());
    } catch (error) {
      setMessage(error instanceof ApiError ? `Not retried: ${error.message}` : "Not retried; try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex shrink-0 flex-col items-start gap-1 sm:items-end">
      {!done && (
        <Button variant="secondary" busy={busy} onClick={retry} aria-label={`Retry ${name} job ${id}`}>
          Retry
        </Button>
      )}
      <p ref={status} tabIndex={-1} role="status" className="max-w-xs text-xs text-zinc-700 dark:text-zinc-300">
        {message}
      </p>
    </div>
  );
}
