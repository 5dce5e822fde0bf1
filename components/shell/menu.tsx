"use client";

import { ChevronDown } from "lucide-react";
import { useRef, type ReactNode } from "react";
import { useDismissableDetails } from "@/components/ui/use-dismissable-details";

/** A disclosure menu on <details>: keyboard and screen-reader friendly without a menu library; Escape closes it. */
export function Menu({ label, ariaLabel, children, align = "left" }: { label: ReactNode; ariaLabel?: string; children: ReactNode; align?: "left" | "right" }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useDismissableDetails(ref);
  return (
    <details ref={ref} className="relative">
      <summary
        aria-label={ariaLabel}
        className="flex list-none items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-100 dark:text-zinc-100 dark:hover:bg-zinc-800 [&::-webkit-details-marker]:hidden"
      >
        {label}
        <ChevronDown aria-hidden="true" className="size-4" />
      </summary>
      <div
        className={`absolute z-20 mt-1 w-64 overflow-hidden rounded-md border border-zinc-200 bg-white shadow-lg dark:border-zinc-700 dark:bg-zinc-900 ${align === "right" ? "right-0" : "left-0"}`}
        onClick={(e) => {
          if ((e.target as HTMLElement).closest("a")) ref.current?.removeAttribute("open");
        }}
      >
        {children}
      </div>
    </details>
  );
}
