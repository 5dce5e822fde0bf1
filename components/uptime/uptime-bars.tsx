"use client";

import { useRef, useState, type KeyboardEvent } from "react";
import type { DayBar } from "@/lib/queries/uptime";
import { dayKind, daySummary, type DayKind } from "./format";

// Height says what colour says, so nothing rests on colour alone: full = up, shorter = degraded, half = down,
// a hollow stub = no data; maintenance is hatched.
const BAR: Record<DayKind, { className: string; label: string }> = {
  up: { className: "h-full bg-emerald-600 dark:bg-emerald-400", label: "Up all day (full bar)" },
  degraded: { className: "h-3/4 bg-amber-500 dark:bg-amber-300", label: "Degraded at times (¾ bar)" },
  down: { className: "h-1/2 bg-red-700 dark:bg-red-400", label: "Down at times (½ bar)" },
  maintenance: { className: "h-full bg-[repeating-linear-gradient(45deg,var(--color-sky-600)_0_2px,transparent_2px_5px)] dark:bg-[repeating-linear-gradient(45deg,var(--color-sky-300)_0_2px,transparent_2px_5px)] ring-1 ring-inset ring-sky-600 dark:ring-sky-300", label: "Maintenance only (hatched)" },
  none: { className: "h-1/4 border border-dashed border-zinc-500 dark:border-zinc-400", label: "No data (hollow stub)" },
};

/**
 * 90 daily bars as a listbox: one tab stop, arrow keys (and Home/End) move between days, each day's summary is its
 * accessible name and is also written out below for sighted users.
 */
export function UptimeBars({ days, label = "Daily uptime, last 90 days" }: { days: DayBar[]; label?: string }) {
  const [active, setActive] = useState(days.length - 1);
  const refs = useRef<(HTMLDivElement | null)[]>([]);
  const current = days[active];

  function move(to: number) {
    const i = Math.max(0, Math.min(days.length - 1, to));
    setActive(i);
    refs.current[i]?.focus();
  }
  function onKey(e: KeyboardEvent) {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, PageDown: 7, PageUp: -7 }[e.key];
    if (step !== undefined) move(active + step);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(days.length - 1);
    else return;
    e.preventDefault();
  }

  if (!days.length) return null;
  return (
    <div>
      <div role="listbox" aria-label={label} aria-orientation="horizontal" onKeyDown={onKey} className="flex h-10 items-end gap-px sm:gap-0.5">
        {days.map((d, i) => {
          const kind = dayKind(d);
          return (
            <div
              key={d.day}
              ref={(el) => {
                refs.current[i] = el;
              }}
              role="option"
              aria-selected={i === active}
              aria-label={daySummary(d)}
              tabIndex={i === active ? 0 : -1}
              data-kind={kind}
              title={daySummary(d)}
              onClick={() => move(i)}
              onFocus={() => setActive(i)}
              className="group flex h-full min-w-0 flex-1 cursor-pointer items-end rounded-sm outline-offset-2 focus-visible:outline-2 focus-visible:outline-indigo-600 aria-selected:bg-zinc-200 dark:focus-visible:outline-indigo-300 dark:aria-selected:bg-zinc-700"
            >
              <span aria-hidden="true" className={`block w-full rounded-sm ${BAR[kind].className}`} />
            </div>
          );
        })}
      </div>
      <div className="mt-1 flex justify-between text-xs text-zinc-600 dark:text-zinc-400" aria-hidden="true">
        <span>90 days ago</span>
        <span>Today</span>
      </div>
      <p data-testid="day-detail" className="mt-2 text-sm font-medium tabular-nums">
        {current ? daySummary(current) : ""}
      </p>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-700 dark:text-zinc-300" aria-label="Legend">
        {(["up", "degraded", "down", "maintenance", "none"] as DayKind[]).map((k) => (
          <li key={k} className="flex items-center gap-1.5">
            <span aria-hidden="true" className="flex h-4 w-2 items-end">
              <span className={`block w-full rounded-sm ${BAR[k].className}`} />
            </span>
            {BAR[k].label}
          </li>
        ))}
      </ul>
    </div>
  );
}
