import Link from "next/link";

// The feedback pages of a project, one tab each: the inbox, the sprint board, insights and intake settings.

export type FeedbackTab = "inbox" | "sprint" | "insights" | "settings";
const TABS: [FeedbackTab, string, string][] = [
  ["inbox", "Inbox", ""],
  ["sprint", "Sprint board", "/sprint"],
  ["insights", "Insights", "/insights"],
  ["settings", "Intake", "/settings"],
];

export function FeedbackTabs({ projectSlug, current }: { projectSlug: string; current: FeedbackTab }) {
  return (
    <nav aria-label="Feedback" className="mb-6 -mt-2">
      <ul className="flex flex-wrap gap-1 text-sm">
        {TABS.map(([tab, label, path]) => (
          <li key={tab}>
            <Link
              href={`/projects/${projectSlug}/feedback${path}`}
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
