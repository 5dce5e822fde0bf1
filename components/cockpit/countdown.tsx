"use client";

import { formatAbsolute } from "@/components/ui/format";
import { useHydrated } from "@/components/ui/use-hydrated";
import { countdown } from "./format";
import { useNow } from "./use-cockpit";

/** "T-3 d 4 h" to the launch date, ticking each minute; the words and the absolute date are there for everyone. */
export function Countdown({ targetDate, serverNow, className = "" }: { targetDate: string | null; serverNow: string; className?: string }) {
  const now = useNow(serverNow, 15_000);
  const hydrated = useHydrated();
  if (!targetDate) return <span className={className}>No launch date set</span>;
  const c = countdown(targetDate, now);
  const absolute = formatAbsolute(targetDate, hydrated ? undefined : "UTC");
  return (
    <time dateTime={targetDate} title={`${c.words} (${absolute})`} className={`font-mono tabular-nums ${className}`} data-testid="countdown">
      <span aria-hidden="true">{c.label}</span>
      <span className="sr-only">
        {c.words} ({absolute})
      </span>
    </time>
  );
}

/** The war room's wall clock, in the browser's own zone. */
export function Clock({ serverNow, className = "" }: { serverNow: string; className?: string }) {
  const now = useNow(serverNow, 1_000);
  const hydrated = useHydrated();
  const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: hydrated ? undefined : "UTC", timeZoneName: "short" }).format(now);
  return (
    <time dateTime={new Date(now).toISOString()} className={`font-mono tabular-nums ${className}`}>
      {time}
    </time>
  );
}
