import { Rocket } from "lucide-react";

export const isProduction = (environment: string) => environment === "production";

/** Production carries its own accent and an icon wherever it is shown; the word is always there too. */
export function EnvironmentBadge({ environment }: { environment: string }) {
  if (isProduction(environment)) {
    return (
      <span className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-semibold text-rose-800 ring-1 ring-inset ring-rose-700/40 bg-rose-50 dark:bg-rose-950 dark:text-rose-200 dark:ring-rose-400/40">
        <Rocket aria-hidden="true" className="size-3.5" />
        production
      </span>
    );
  }
  return (
    <span className="inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium text-sky-900 ring-1 ring-inset ring-sky-700/30 bg-sky-50 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-400/30">
      {environment}
    </span>
  );
}

/** The left edge of a row or card that shows production. */
export const productionEdge = (environment: string) => (isProduction(environment) ? "border-l-4 border-l-rose-600 dark:border-l-rose-400" : "");
