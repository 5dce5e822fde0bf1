import { KeyRound } from "lucide-react";

export const secretChip = "inline-flex items-center gap-1.5 rounded-md border border-zinc-300 py-1 pl-2 dark:border-zinc-600";

/** Names of secret headers, each with "value hidden": values are never sent back by the API. */
export function SecretKeyList({ keys, className = "" }: { keys: string[]; className?: string }) {
  return (
    <ul className={`flex flex-wrap gap-2 ${className}`}>
      {keys.map((k) => (
        <li key={k} className={`${secretChip} pr-2`}>
          <KeyRound aria-hidden="true" className="size-4 text-zinc-500 dark:text-zinc-400" />
          <span className="font-mono text-xs">{k}</span>
          <span className="text-xs text-zinc-600 dark:text-zinc-400">value hidden</span>
        </li>
      ))}
    </ul>
  );
}
