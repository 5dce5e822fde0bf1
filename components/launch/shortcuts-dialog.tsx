"use client";

import { Dialog } from "@/components/ui/dialog";
import { SHORTCUTS } from "./checklist";

/** Loaded on the first "?" (checklist.tsx). */
export function ShortcutsDialog({ onClose, canWork }: { onClose: () => void; canWork: boolean }) {
  const shown = SHORTCUTS.filter((s) => canWork || (!s.status && s.keys !== "s"));
  return (
    <Dialog open onClose={onClose} title="Keyboard shortcuts" description="In the checklist, with an item's title focused (Tab to it, or press j).">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        {shown.map((s) => (
          <div key={s.keys} className="contents">
            <dt>
              <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs dark:border-zinc-600 dark:bg-zinc-800">{s.keys}</kbd>
            </dt>
            <dd>{s.does}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
