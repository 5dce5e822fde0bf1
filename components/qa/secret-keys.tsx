import { KeyRound, Trash2, Undo2 } from "lucide-react";
import { Button } from "@/components/ui/button";

type Props = {
  keys: string[];
  className?: string;
  /** Editing a profile: names marked to be removed on save, and the Remove/Keep toggle. */
  removed?: string[];
  onToggle?: (name: string) => void;
};

/** Names of secret headers, each with "value hidden": values are never sent back by the API. */
export function SecretKeyList({ keys, className = "", removed = [], onToggle }: Props) {
  return (
    <ul className={`flex flex-wrap gap-2 ${className}`}>
      {keys.map((k) => {
        const gone = removed.includes(k);
        return (
          <li key={k} className={`inline-flex items-center gap-1.5 rounded-md border border-zinc-300 py-1 pl-2 dark:border-zinc-600 ${onToggle ? "pr-1" : "pr-2"}`}>
            <KeyRound aria-hidden="true" className="size-4 text-zinc-500 dark:text-zinc-400" />
            <span className={`font-mono text-xs ${gone ? "line-through" : ""}`}>{k}</span>
            <span className="text-xs text-zinc-600 dark:text-zinc-400">{gone ? "removed on save" : "value hidden"}</span>
            {onToggle && (
              <Button variant="ghost" onClick={() => onToggle(k)} aria-pressed={gone} className="!px-1.5 !py-1 text-xs">
                {gone ? <Undo2 aria-hidden="true" className="size-3.5" /> : <Trash2 aria-hidden="true" className="size-3.5" />}
                {gone ? "Keep" : "Remove"}
                <span className="sr-only"> saved secret header {k}</span>
              </Button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
