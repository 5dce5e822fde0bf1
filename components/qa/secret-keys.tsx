import { KeyRound } from "lucide-react";

type Props = {
  keys: string[];
  className?: string;
  /** Names marked to go on save (editing a profile): struck through and said so. */
  removed?: string[];
  /** A control after each name (the form's Remove/Keep); kept out of this module so the run page loads no button. */
  action?: (name: string) => React.ReactNode;
};

/** Names of secret headers, each with "value hidden": values are never sent back by the API. */
export function SecretKeyList({ keys, className = "", removed = [], action }: Props) {
  return (
    <ul className={`flex flex-wrap gap-2 ${className}`}>
      {keys.map((k) => {
        const gone = removed.includes(k);
        return (
          <li key={k} className={`inline-flex items-center gap-1.5 rounded-md border border-zinc-300 py-1 pl-2 dark:border-zinc-600 ${action ? "pr-1" : "pr-2"}`}>
            <KeyRound aria-hidden="true" className="size-4 text-zinc-500 dark:text-zinc-400" />
            <span className={`font-mono text-xs ${gone ? "line-through" : ""}`}>{k}</span>
            <span className="text-xs text-zinc-600 dark:text-zinc-400">{gone ? "removed on save" : "value hidden"}</span>
            {action?.(k)}
          </li>
        );
      })}
    </ul>
  );
}
