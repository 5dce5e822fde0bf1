import Link from "next/link";

// The handoff area of a project: what a team writes down for whoever keeps the product running after launch.

export type HandoffTab = "pack" | "runbooks" | "roadmap";
const TABS: [HandoffTab, string, string][] = [
  ["pack", "Handoff pack", "/handoff"],
  ["runbooks", "Runbooks", "/runbooks"],
  ["roadmap", "Roadmap", "/roadmap"],
];

export function HandoffTabs({ projectSlug, current }: { projectSlug: string; current: HandoffTab }) {
  return (
    <nav aria-label="Handoff" className="mb-6 -mt-2">
      <ul className="flex flex-wrap gap-1 text-sm">
        {TABS.map(([tab, label, path]) => (
          <li key={tab}>
            <Link
              href={`/projects/${projectSlug}${path}`}
              aria-current={tab === current ? "page" : undefined}
              className="inline-flex rounded-md px-3 py-1.5 font-medium text-zinc-700 hover:bg-zinc-100 aria-[current=page]:bg-zinc-900 aria-[current=page]:text-white dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-100 dark:aria-[current=page]:text-zinc-900"
            >
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
