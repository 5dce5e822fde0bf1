import Link from "next/link";

/** A section's own pages, one pill each under the project tabs (feedback: inbox, sprint…; handoff: pack, runbooks…). */
export function SubTabs<T extends string>({ label, tabs, current }: { label: string; tabs: { id: T; label: string; href: string }[]; current: T }) {
  return (
    <nav aria-label={label} className="mb-6 -mt-2">
      <ul className="flex flex-wrap gap-1 text-sm">
        {tabs.map((tab) => (
          <li key={tab.id}>
            <Link
              href={tab.href}
              aria-current={tab.id === current ? "page" : undefined}
              className="inline-flex rounded-md px-3 py-1.5 font-medium text-zinc-700 hover:bg-zinc-100 aria-[current=page]:bg-zinc-900 aria-[current=page]:text-white dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-100 dark:aria-[current=page]:text-zinc-900"
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
