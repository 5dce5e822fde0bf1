"use client";

import { useEffect, type RefObject } from "react";

/**
 * Closes an open <details> menu on Escape (focus back on its summary) and on a click outside it. `contain` keeps the
 * Escape from reaching page-wide key handlers (the feedback board's shortcuts).
 */
export function useDismissableDetails(ref: RefObject<HTMLDetailsElement | null>, opts: { contain?: boolean } = {}) {
  const contain = opts.contain ?? false;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && el.open) {
        if (contain) e.stopPropagation();
        el.open = false;
        el.querySelector("summary")?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (el.open && !el.contains(e.target as Node)) el.open = false;
    };
    el.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    return () => {
      el.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
    };
  }, [ref, contain]);
}
