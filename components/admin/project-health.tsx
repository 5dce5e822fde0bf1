import Link from "next/link";
import { Card, EmptyState } from "@/components/ui/card";
import { StatusPill, type Tone } from "@/components/ui/status-pill";
import type { TProjectHealth } from "@/lib/monitoring/overview";

const WORST: Record<TProjectHealth["worst"], { tone: Tone; label: string }> = {
  down: { tone: "danger", label: "Down" },
  degraded: { tone: "warning", label: "Degraded" },
  unknown: { tone: "neutral", label: "Unknown" },
  up: { tone: "success", label: "Up" },
  paused: { tone: "neutral", label: "Paused" },
  none: { tone: "neutral", label: "No checks" },
};

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/**
 * For instance admins: every project's worst check, its failing counts and open incidents, worst first (the order of
 * instanceOverview). Each project links to its uptime page.
 */
export function ProjectHealth({ rows }: { rows: TProjectHealth[] }) {
  return (
    <Card aria-labelledby="project-health-heading">
      <h2 id="project-health-heading" className="text-lg font-semibold">
        Health across projects
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Each project by its worst check, failing projects first.</p>
      <div className="mt-4">
        {rows.length === 0 ? (
          <EmptyState title="No projects yet">
            Create a project and add a target to it: every target gets a health check on its health URL, and its status shows up here.
          </EmptyState>
        ) : (
          <div className="rounded-lg border border-zinc-200 dark:border-zinc-800">
            <table className="stack-table w-full text-left text-sm">
              <caption className="sr-only">Health of every project, worst first</caption>
              <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                <tr>
                  {["Project", "Status", "Checks", "Open incidents"].map((h) => (
                    <th key={h} scope="col" className="px-4 py-2 font-semibold">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {rows.map((p) => (
                  <tr key={p.projectId} data-testid="project-health-row">
                    <td data-label="Project" className="px-4 py-2">
                      <Link href={`/projects/${p.slug}/uptime`} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                        {p.name}
                      </Link>
                    </td>
                    <td data-label="Status" className="px-4 py-2">
                      <StatusPill tone={WORST[p.worst].tone} label={WORST[p.worst].label} />
                    </td>
                    <td data-label="Checks" className="px-4 py-2 tabular-nums">
                      {checksSentence(p)}
                    </td>
                    <td data-label="Open incidents" className={`px-4 py-2 tabular-nums ${p.openIncidents > 0 ? "font-semibold" : "text-zinc-600 dark:text-zinc-400"}`}>
                      {p.openIncidents}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Card>
  );
}

/** "1 down · 2 degraded of 5 checks": only what is failing, so the eye finds it; "3 checks, none failing" otherwise. */
function checksSentence(p: TProjectHealth) {
  if (p.checks === 0) return <span className="text-zinc-600 dark:text-zinc-400">None yet: add a target to check it</span>;
  const failing = ([["down", p.down], ["degraded", p.degraded], ["unknown", p.unknown]] as const).filter(([, n]) => n > 0);
  if (!failing.length) return <span className="text-zinc-600 dark:text-zinc-400">{count(p.checks, "check")}, none failing</span>;
  return (
    <span>
      <span className="font-semibold">{failing.map(([what, n]) => `${n} ${what}`).join(" · ")}</span> of {count(p.checks, "check")}
    </span>
  );
}
