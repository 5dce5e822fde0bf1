"use client";

import { lazy, Suspense } from "react";
import type { InboxProps } from "./inbox";

// The inbox arrives in a chunk of its own: the server renders it in full (readable, links work), and the browser
// loads its code as it hydrates. The route's first-load JavaScript stays within the 180 kB budget this way.
const Inbox = lazy(() => import("./inbox").then((m) => ({ default: m.Inbox })));

export function InboxView(props: InboxProps) {
  return (
    <Suspense fallback={<p role="status" className="py-10 text-sm text-zinc-600 dark:text-zinc-400">Loading the inbox…</p>}>
      <Inbox {...props} />
    </Suspense>
  );
}
