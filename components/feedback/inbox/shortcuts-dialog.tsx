"use client";

import { Dialog } from "@/components/ui/dialog";
import { keyLabel, SHORTCUTS, type InboxAction } from "./keys";

/** The "?" dialog: every key that works here, grouped; loaded on first use. */
export function ShortcutsDialog({ onClose, canTriage, only, where }: { onClose: () => void; canTriage: boolean; only?: InboxAction[]; where: string }) {
  const shown = SHORTCUTS.filter((s) => (canTriage || !s.triage) && (!only || only.includes(s.action)));
  const groups = (["Move", "Triage", "Other"] as const).map((g) => [g, shown.filter((s) => s.group === g)] as const).filter(([, list]) => list.length);
  return (
    <Dialog open onClose={onClose} title="Keyboard shortcuts" description={`${where} Not while typing in a field.${canTriage && !only ? " With items selected (x), the triage keys change all of them." : ""}`} wide>
      <div className="grid gap-6 sm:grid-cols-2">
        {groups.map(([group, list]) => (
          <section key={group} aria-labelledby={`keys-${group}`}>
            <h3 id={`keys-${group}`} className="mb-2 text-sm font-semibold">
              {group}
            </h3>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              {list.map((s) => (
                <div key={s.action} className="contents">
                  <dt className="flex flex-wrap gap-1">
                    {s.keys.map((k, i) => (
                      <span key={k} className="inline-flex items-center gap-1">
                        {i > 0 && <span className="text-xs text-zinc-600 dark:text-zinc-400">or</span>}
                        <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs dark:border-zinc-600 dark:bg-zinc-800">{keyLabel(k)}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{s.does}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
