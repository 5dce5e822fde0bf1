"use client";

import type { TItem } from "@/lib/queries/launch";
import { ItemEdit } from "./item-edit";
import { ItemSettings } from "./item-gate-settings";

// What only launch managers see on an item page: its gate settings, and editing or deleting it. item-view.tsx loads
// this with next/dynamic (ssr: false), so one lazy import keeps all of it out of the page's first load.

export function ItemManage({ projectId, item, launchHref }: { projectId: string; item: TItem; launchHref: string }) {
  return (
    <>
      <ItemSettings projectId={projectId} item={item} />
      <ItemEdit projectId={projectId} item={item} launchHref={launchHref} />
    </>
  );
}
