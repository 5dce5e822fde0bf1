"use client";

import { CircleCheck } from "lucide-react";
import { useEffect, useRef } from "react";

/** After sending: the reference to quote later, announced, and focused so keyboard and screen-reader users land on it. */
export function ThankYou({ reference, againHref }: { reference: string; againHref: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div
      ref={box}
      role="status"
      tabIndex={-1}
      className="rounded-lg border border-emerald-300 bg-emerald-50 px-5 py-5 text-emerald-950 outline-none focus-visible:outline-3 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-50"
    >
      <p className="flex items-center gap-2 text-lg font-semibold">
        <CircleCheck aria-hidden="true" className="size-6 shrink-0" />
        Thank you, your feedback was received
      </p>
      <p className="mt-2">
        Its reference is <strong className="font-mono tabular-nums">{reference}</strong>. Mention it if you write to the team about it.
      </p>
      <p className="mt-4">
        <a href={againHref} className="font-medium text-indigo-800 underline underline-offset-2 dark:text-indigo-200">
          Send more feedback
        </a>
      </p>
    </div>
  );
}
