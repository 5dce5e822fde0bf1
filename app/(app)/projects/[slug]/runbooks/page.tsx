import Link from "next/link";
import { FileText, Network } from "lucide-react";
import { HandoffTabs } from "@/components/handoff/handoff-tabs";
import { NewRunbook } from "@/components/runbooks/new-runbook";
import { ReviewState } from "@/components/runbooks/review-state";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/time";
import { listRunbooks } from "@/lib/runbooks/pages";
import { REVIEW_FRESH_DAYS } from "@/lib/runbooks/schemas";
import { RUNBOOK_TEMPLATES } from "@/lib/runbooks/templates";
import { loadProject, projectTitle } from "../load";

export const generateMetadata = projectTitle("Runbooks");

export default async function RunbooksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, project, can } = await loadProject(slug);
  const pages = await listRunbooks({ ctx, input: { projectId: project.id } });
  const toFill = pages.filter((p) => p.openPrompts > 0).length;
  const due = pages.filter((p) => p.openPrompts === 0 && p.reviewDue).length;
  const fresh = pages.length - toFill - due;
  const keys = new Set(pages.map((p) => p.key));
  const templates = RUNBOOK_TEMPLATES.map((t) => ({ key: t.key, title: t.title, summary: t.summary, taken: keys.has(t.key) }));
  return (
    <>
      <HandoffTabs projectSlug={project.slug} current="runbooks" />
      <PageHeader
        title="Runbooks"
        description={`What whoever keeps ${project.name} running needs at 3 a.m. A page counts as current when its prompts are filled in and someone reviewed it in the last ${REVIEW_FRESH_DAYS} days.`}
        actions={can("runbook.write") ? <NewRunbook projectId={project.id} projectSlug={project.slug} templates={templates} /> : undefined}
      />
      {pages.length > 0 && (
        <dl className="mb-6 grid grid-cols-3 gap-3 sm:max-w-xl">
          {[
            ["Current", fresh],
            ["Review due", due],
            ["Still to fill in", toFill],
          ].map(([label, n]) => (
            <div key={label} className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
              <dt className="text-xs font-medium text-zinc-600 dark:text-zinc-400">{label}</dt>
              <dd className="font-mono text-2xl font-semibold tabular-nums">{n}</dd>
            </div>
          ))}
        </dl>
      )}
      {pages.length === 0 ? (
        <EmptyState title="No runbook pages yet" action={can("runbook.write") ? <NewRunbook projectId={project.id} projectSlug={project.slug} templates={templates} /> : undefined}>
          Start with the maintenance SOP: how to restart services, ship a hotfix, roll back and restore a backup. The launch checklist&apos;s Maintenance SOP item ticks itself once that page is filled in and reviewed.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {pages.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center justify-between gap-x-6 gap-y-1 px-4 py-3">
              <div className="min-w-0">
                <Link href={`/projects/${project.slug}/runbooks/${p.key}`} className="inline-flex items-center gap-2 font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                  {p.hasDiagram ? <Network aria-hidden="true" className="size-4 shrink-0" /> : <FileText aria-hidden="true" className="size-4 shrink-0" />}
                  {p.title}
                </Link>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">
                  <span className="font-mono">{p.key}</span> · {p.owner ? `Owner ${p.owner.name}` : "No owner"} · edited <RelativeTime iso={p.updatedAt} />
                  {p.updatedBy ? ` by ${p.updatedBy}` : ""}
                </p>
              </div>
              <ReviewState page={p} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
