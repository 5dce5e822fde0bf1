"use client";

import { useLayoutEffect, useRef, useState } from "react";

/**
 * A scrolling log that follows its end while the reader is there: new lines scroll into view, but a reader who scrolled
 * up keeps their place and is told (`behind`) that lines arrived below, with `toEnd` to jump back.
 */
export function useFollowEnd(length: number) {
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [behind, setBehind] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (atBottom.current) el.scrollTop = el.scrollHeight;
    else setBehind(true);
  }, [length]);
  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    if (atBottom.current) setBehind(false);
  };
  const toEnd = () => {
    const el = ref.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setBehind(false);
  };
  return { ref, behind, onScroll, toEnd };
}
