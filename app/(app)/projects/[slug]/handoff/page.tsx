import Link from "next/link";
import { CircleAlert, CircleCheck, ExternalLink } from "lucide-react";
import { HandoffTabs } from "@/components/handoff/handoff-tabs";
import { DownloadPack } from "@/components/handoff/download-pack";
import { Card, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { previewHandoff } from "@/lib/handoff/pack";
import type { HandoffData } from "@/lib/handoff/gather";
import { SECTIONS, type SectionId } from "@/lib/handoff/format";
import { loadProject, projectTitle } from "../load";

export const generateMetadata = projectTitle("Handoff");

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line per section of the pack: what it will say, in numbers. */
function contents(d: HandoffData): Record<SectionId, string> {
  const active = d.launches.find((l) => l.active);
  const items = active?.items ?? [];
  const done = items.filter((i) => i.status === "done").length;
  const waived = items.filter((i) => i.status === "waived").length;
  const worst30 = d.uptime.map((c) => c.windows["30d"].uptimePct).filter((n): n is number => n !== null);
  return {
    overview: `${d.project.name}, ${plural(d.members.length, "member")}`,
    targets: d.targets.length ? `${plural(d.targets.length, "target")}: ${d.targets.map((t) => `${t.name} (${t.environment}, ${t.providerKind})`).join(", ")}; secret names only, never values` : "No targets",
    checklist: active ? `${active.name}: ${done} of ${items.length} items done, ${waived} waived, with sign-offs and evidence` : "No launch yet",
    deployments: `${plural(d.deployments.total, "deployment")}; live now: ${d.deployments.live.map((l) => `${l.targetName} ${l.version ?? "nothing"}`).join(", ") || "nothing"}`,
    uptime: d.uptime.length ? `${plural(d.uptime.length, "check")}, lowest 30-day uptime ${worst30.length ? `${Math.min(...worst30).toFixed(2)}%` : "no data"}; charts for 30 and 90 days` : "No uptime checks",
    incidents: d.incidents.length ? `${plural(d.incidents.length, "incident")} in the last 90 days or still open` : "No incidents in the last 90 days",
    qa: d.qa.length ? `${plural(d.qa.length, "latest run")}: ${d.qa.filter((r) => r.status === "passed").length} passed, ${d.qa.filter((r) => r.status !== "passed").length} not` : "No finished QA runs",
    feedback: `${plural(d.feedback.openCount, "open item")}; ${plural(d.knownIssues.roadmap.length + d.knownIssues.bugs.length, "known issue")}`,
    runbooks: d.runbooks.length ? `${plural(d.runbooks.length, "page")}: ${d.runbooks.map((r) => r.title).join(", ")}` : "No runbook pages",
    roadmap: d.roadmap.length ? `${plural(d.roadmap.filter((r) => r.kind === "planned").length, "planned item")}, ${plural(d.roadmap.filter((r) => r.kind === "known_issue").length, "known issue")}, ${plural(d.roadmap.filter((r) => r.kind === "scalability").length, "scalability note")}` : "Empty",
  };
}

/** What would make the pack less useful to whoever takes over, each with where to fix it. */
function gaps(d: HandoffData, base: string): { text: string; href: string }[] {
  const out: { text: string; href: string }[] = [];
  for (const r of d.runbooks) {
    if (r.openPrompts.length) out.push({ text: `Runbook “${r.title}” has ${plural(r.openPrompts.length, "prompt")} to fill in`, href: `${base}/runbooks/${r.key}` });
    else if (r.stale) out.push({ text: `Runbook “${r.title}” needs a review`, href: `${base}/runbooks/${r.key}` });
  }
  if (!d.runbooks.some((r) => r.key === "maintenance")) out.push({ text: "No maintenance SOP page", href: `${base}/runbooks` });
  const unowned = d.roadmap.filter((r) => !r.owner && r.status !== "done" && r.status !== "dropped").length;
  if (unowned) out.push({ text: `${plural(unowned, "roadmap item")} without an owner`, href: `${base}/roadmap` });
  if (!d.roadmap.some((r) => r.kind === "known_issue") && !d.knownIssues.bugs.length) out.push({ text: "No known issues recorded (if there are none, say so on the roadmap)", href: `${base}/roadmap` });
  const critical = d.feedback.bySeverity.critical ?? 0;
  if (critical) out.push({ text: `${plural(critical, "critical feedback item")} still open`, href: `${base}/feedback?view=open&severity=critical` });
  if (!d.uptime.length) out.push({ text: "No uptime checks: the pack will have no uptime figures", href: `${base}/uptime` });
  return out;
}

export default async function HandoffPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, project } = await loadProject(slug);
  const data = await previewHandoff({ ctx, input: { projectId: project.id } });
  const base = `/projects/${project.slug}`;
  const lines = contents(data);
  const todo = gaps(data, base);
  return (
    <>
      <HandoffTabs projectSlug={project.slug} current="pack" />
      <PageHeader
        title="Handoff pack"
        description={`Everything whoever keeps ${project.name} running needs, in one zip: Markdown files, one printable page and its PDF. Secrets are never in it: targets list the names of their secrets, not their values.`}
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem] [&>*]:min-w-0">
        <Card aria-labelledby="pack-contents">
          <h2 id="pack-contents" className="text-base font-semibold">
            What the pack holds now
          </h2>
          <ol className="mt-3 divide-y divide-zinc-200 dark:divide-zinc-800">
            {SECTIONS.map((s, i) => (
              <li key={s.id} className="grid gap-x-4 py-2 text-sm sm:grid-cols-[14rem_minmax(0,1fr)]">
                <span className="font-medium">
                  <span className="mr-2 font-mono text-xs text-zinc-500 dark:text-zinc-400">{String(i).padStart(2, "0")}</span>
                  {s.title}
                </span>
                <span className="text-zinc-700 dark:text-zinc-300">{lines[s.id]}</span>
              </li>
            ))}
          </ol>
        </Card>
        <div className="space-y-4">
          <Card as="div" className="space-y-3">
            <DownloadPack projectId={project.id} />
            <Link href={`/api/v1/projects/${project.id}/handoff-pack/html`} target="_blank" className={buttonClass("secondary", "w-full")}>
              <ExternalLink aria-hidden="true" className="size-4" /> Open the printable page
              <span className="sr-only"> (opens in a new tab)</span>
            </Link>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              API: <code className="break-all font-mono">GET /api/v1/projects/{project.id}/handoff-pack</code> with a project token.
            </p>
          </Card>
          <Card as="div" aria-labelledby="pack-gaps">
            <h2 id="pack-gaps" className="text-base font-semibold">
              Before you hand over
            </h2>
            {todo.length ? (
              <ul className="mt-2 space-y-2 text-sm">
                {todo.map((g) => (
                  <li key={g.text} className="flex gap-2">
                    <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-amber-700 dark:text-amber-300" />
                    <Link href={g.href} className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                      {g.text}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-2 flex items-center gap-2 text-sm text-emerald-800 dark:text-emerald-300">
                <CircleCheck aria-hidden="true" className="size-4" /> Nothing missing: runbooks are filled in and reviewed, the roadmap has owners.
              </p>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
