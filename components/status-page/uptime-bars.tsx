"use client";

import { useRef, useState, type KeyboardEvent } from "react";
import { LEVEL_CLASS, LEVEL_HEIGHT, type Bar } from "./bars";

/**
 * One bar per UTC day, oldest first. One tab stop: arrow keys, Home and End move between days, and the focused (or
 * hovered) day's sentence shows under the bars. Server-rendered, so the bars are there before any script runs.
 */
export function UptimeBars({ name, bars, summary }: { name: string; bars: Bar[]; summary: string }) {
  const [focused, setFocused] = useState(bars.length - 1);
  const [shown, setShown] = useState<number | null>(null);
  const refs = useRef<(HTMLSpanElement | null)[]>([]);

  const move = (to: number) => {
    const i = Math.max(0, Math.min(bars.length - 1, to));
    setFocused(i);
    setShown(i);
    refs.current[i]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const to = { ArrowLeft: focused - 1, ArrowRight: focused + 1, Home: 0, End: bars.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    move(to);
  };

  return (
    <div>
      <div
        role="group"
        aria-label={`${name}: uptime per day, last ${bars.length} days`}
        aria-describedby="status-bars-help"
        onKeyDown={onKeyDown}
        onMouseLeave={() => setShown(null)}
        className="flex h-9 items-end gap-px sm:gap-0.5"
      >
        {bars.map((b, i) => (
          <span
            key={b.day}
            ref={(el) => {
              refs.current[i] = el;
            }}
            role="img"
            aria-label={b.label}
            tabIndex={i === focused ? 0 : -1}
            data-level={b.level}
            onFocus={() => (setFocused(i), setShown(i))}
            onBlur={() => setShown(null)}
            onMouseEnter={() => setShown(i)}
            className={`min-w-0 flex-1 rounded-[1px] ${LEVEL_CLASS[b.level]} ${LEVEL_HEIGHT[b.level]}`}
          />
        ))}
      </div>
      <div aria-hidden="true" className="mt-1.5 flex items-baseline justify-between gap-3 text-xs text-zinc-600 dark:text-zinc-400">
        <span className="shrink-0">{bars.length} days ago</span>
        <span className="min-w-0 text-center font-medium text-zinc-800 tabular-nums dark:text-zinc-200" data-testid="bar-readout">
          {shown === null ? summary : bars[shown].label}
        </span>
        <span className="shrink-0">Today</span>
      </div>
    </div>
  );
}
