import type { ReactNode } from "react";

// Small pieces the kind-specific figures share: big numbers with a note, and a table that scrolls inside itself on
// phones rather than making the page scroll sideways.

export function StatGrid({ children }: { children: ReactNode }) {
  return <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">{children}</dl>;
}

export function Stat({ label, value, note, tone }: { label: string; value: ReactNode; note?: ReactNode; tone?: "danger" | "success" }) {
  const colour = tone === "danger" ? "text-red-800 dark:text-red-300" : tone === "success" ? "text-emerald-800 dark:text-emerald-300" : "";
  return (
    <div className="min-w-0 rounded-md border border-zinc-200 px-3 py-2.5 dark:border-zinc-800">
      <dt className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className={`mt-0.5 text-2xl font-semibold tabular-nums ${colour}`}>{value}</dd>
      {note && <dd className="text-xs text-zinc-600 dark:text-zinc-400">{note}</dd>}
    </div>
  );
}

export function Table({ caption, head, children, numeric = [] }: { caption: string; head: string[]; children: ReactNode; numeric?: number[] }) {
  return (
    <div role="region" aria-label={caption} tabIndex={0} className="mt-2 max-w-full overflow-x-auto rounded-md border border-zinc-200 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-800">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50 dark:bg-zinc-950">
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={`px-3 py-2 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400 ${numeric.includes(i) ? "text-right" : "text-left"}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
      </table>
    </div>
  );
}
