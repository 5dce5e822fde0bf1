"use client";

import { formatAbsolute, formatRelative } from "./format";
import { useHydrated } from "./use-hydrated";

/**
 * "3 min ago" with the absolute time and its zone on hover. The server renders UTC; after hydration the browser's
 * own zone takes over, so the two renders never disagree.
 */
export function RelativeTime({ iso, className = "" }: { iso: string; className?: string }) {
  const hydrated = useHydrated();
  const absolute = formatAbsolute(iso, hydrated ? undefined : "UTC");
  return (
    <time dateTime={iso} title={absolute} className={`tabular-nums ${className}`}>
      {hydrated ? formatRelative(iso) : absolute}
      {hydrated && <span className="sr-only"> ({absolute})</span>}
    </time>
  );
}
