"use client";

import { Timer } from "lucide-react";
import { useEffect, useState } from "react";
import { formatAbsolute, formatRelative } from "@/components/ui/format";
import { useHydrated } from "@/components/ui/use-hydrated";

/** "Launch in 3 days" to the target date, refreshed every minute; the absolute date and zone on hover. */
export function Countdown({ targetDate }: { targetDate: string | null }) {
  const hydrated = useHydrated();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  if (!targetDate) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No target date set.</p>;
  const absolute = formatAbsolute(targetDate, hydrated ? undefined : "UTC");
  const past = Date.parse(targetDate) <= now;
  return (
    <p className="flex items-center gap-2 text-sm">
      <Timer aria-hidden="true" className="size-4 shrink-0" />
      <span>
        {past ? "Target date was " : "Target date "}
        <time dateTime={targetDate} title={absolute} className="font-semibold tabular-nums">
          {hydrated ? formatRelative(targetDate, now) : absolute}
        </time>
        {hydrated && <span className="text-zinc-600 dark:text-zinc-400"> ({absolute})</span>}
      </span>
    </p>
  );
}
