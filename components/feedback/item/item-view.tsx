"use client";

import { lazy, Suspense } from "react";
import type { ItemProps } from "./item";

// As the inbox: server-rendered in full, its code loaded as the page hydrates (first-load JavaScript budget).
const Item = lazy(() => import("./item").then((m) => ({ default: m.Item })));

export function ItemView(props: ItemProps) {
  return (
    <Suspense fallback={<p role="status" className="py-10 text-sm text-zinc-600 dark:text-zinc-400">Loading {props.initial.ref}…</p>}>
      <Item {...props} />
    </Suspense>
  );
}
