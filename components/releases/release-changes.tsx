import { GitCommitHorizontal, Sparkles, TriangleAlert, Wrench, type LucideIcon } from "lucide-react";
import { countLabels, SECTIONS, type ChangeKind, type TChanges } from "@/lib/queries/releases";

const ICONS: Record<ChangeKind, LucideIcon> = { breaking: TriangleAlert, feature: Sparkles, fix: Wrench, other: GitCommitHorizontal };
const TONES: Record<ChangeKind, string> = {
  breaking: "text-red-800 dark:text-red-300",
  feature: "text-indigo-800 dark:text-indigo-300",
  fix: "text-emerald-800 dark:text-emerald-300",
  other: "text-zinc-700 dark:text-zinc-300",
};

/** "1 breaking · 2 features · 1 fix · 0 other": each count is an icon plus words, never colour alone. */
export function ChangeCounts({ changes, className = "" }: { changes: TChanges; className?: string }) {
  const labels = countLabels(changes);
  return (
    <ul aria-label="Changes" className={`flex flex-wrap gap-x-3 gap-y-1 text-xs font-medium tabular-nums ${className}`}>
      {SECTIONS.map(([kind]) => {
        const Icon = ICONS[kind];
        const none = changes[kind].length === 0;
        return (
          <li key={kind} className={`inline-flex items-center gap-1 ${none ? "text-zinc-600 dark:text-zinc-400" : TONES[kind]}`}>
            <Icon aria-hidden="true" className="size-3.5 shrink-0" />
            {labels[kind]}
          </li>
        );
      })}
    </ul>
  );
}

/** The changes under Keep a Changelog's headings, rendered from the structured data (never the Markdown as HTML). */
export function ChangeGroups({ changes, level = 4, emptyText = "No commits in this release." }: { changes: TChanges; level?: 3 | 4; emptyText?: string }) {
  const Heading = level === 3 ? "h3" : "h4";
  const groups = SECTIONS.filter(([kind]) => changes[kind].length > 0);
  if (!groups.length) return <p className="text-sm text-zinc-600 dark:text-zinc-400">{emptyText}</p>;
  return (
    <div className="space-y-3">
      {groups.map(([kind, heading]) => {
        const Icon = ICONS[kind];
        return (
          <div key={kind}>
            <Heading className={`flex items-center gap-1.5 text-sm font-semibold ${TONES[kind]}`}>
              <Icon aria-hidden="true" className="size-4 shrink-0" />
              {heading}
            </Heading>
            <ul className="mt-1 space-y-1 pl-5 text-sm">
              {changes[kind].map((c, i) => (
                <li key={`${c.hash}-${i}`} className="list-disc break-words marker:text-zinc-400">
                  {c.scope && <strong className="font-semibold">{c.scope}: </strong>}
                  {c.description}
                  {c.hash.trim() && (
                    <>
                      {" "}
                      <code title={c.hash} className="rounded bg-zinc-100 px-1 font-mono text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                        {c.hash.trim().slice(0, 7)}
                      </code>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}
