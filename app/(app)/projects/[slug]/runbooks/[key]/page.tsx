import { cache } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronLeft } from "lucide-react";
import { HandoffTabs } from "@/components/handoff/handoff-tabs";
import { MermaidDiagrams } from "@/components/runbooks/mermaid-diagrams";
import { ReviewState } from "@/components/runbooks/review-state";
import { RunbookActions } from "@/components/runbooks/runbook-actions";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/time";
import { NotFoundError } from "@/lib/errors";
import { getRunbook } from "@/lib/runbooks/pages";
import { loadProject } from "../../load";

// Read once per request: the title and the page both need the runbook.
const load = cache(async (slug: string, key: string) => {
  const { ctx, project, can } = await loadProject(slug);
  try {
    return { project, can, page: await getRunbook({ ctx, input: { projectId: project.id, key } }) };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Promise<{ slug: string; key: string }> }) {
  const { slug, key } = await params;
  const { project, page } = await load(slug, key);
  return { title: `${page.title} · Runbooks · ${project.name}` };
}

export default async function RunbookPage({ params }: { params: Promise<{ slug: string; key: string }> }) {
  const { slug, key } = await params;
  const { project, can, page } = await load(slug, key);
  return (
    <>
      <HandoffTabs projectSlug={project.slug} current="runbooks" />
      <Link href={`/projects/${project.slug}/runbooks`} className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-700 hover:underline dark:text-zinc-300">
        <ChevronLeft aria-hidden="true" className="size-4" /> All runbooks
      </Link>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <article aria-labelledby="runbook-title" className="min-w-0">
          <h1 id="runbook-title" className="text-2xl font-semibold tracking-tight">
            {page.title}
          </h1>
          <div className="mt-1 mb-5">
            <ReviewState page={page} />
          </div>
          <Card>
            {/* Sanitised on the server by lib/markdown/render.ts: raw HTML is shown as text, links are http(s)/mailto/relative only. */}
            <div id="runbook-body" className="md" dangerouslySetInnerHTML={{ __html: page.html || "<p>This page is empty. Edit it to write the procedure.</p>" }} />
            {page.hasDiagram && <MermaidDiagrams containerId="runbook-body" />}
          </Card>
        </article>
        <aside className="space-y-4" aria-label="About this page">
          <RunbookActions
            projectId={project.id}
            projectSlug={project.slug}
            pageKey={page.key}
            title={page.title}
            canWrite={can("runbook.write")}
            canDelete={can("runbook.delete")}
            promptsLeft={page.openPrompts}
          />
          <Card as="div" className="space-y-2 text-sm">
            <dl className="space-y-2">
              <div>
                <dt className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Owner</dt>
                <dd>{page.owner?.name ?? "No owner — edit the page to set one"}</dd>
              </div>
              <div>
                <dt className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Address</dt>
                <dd className="font-mono">{page.key}</dd>
              </div>
              <div>
                <dt className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Last edit</dt>
                <dd>
                  <RelativeTime iso={page.updatedAt} />
                  {page.updatedBy ? ` by ${page.updatedBy}` : ""} · version {page.version}
                </dd>
              </div>
            </dl>
          </Card>
          {page.prompts.length > 0 && (
            <Card as="div" className="text-sm">
              <h2 className="font-semibold">Still to fill in</h2>
              <ul className="mt-2 list-disc space-y-1 pl-5">
                {page.prompts.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            </Card>
          )}
          <Card as="div" className="text-sm">
            <h2 className="font-semibold">History</h2>
            <ol className="mt-2 space-y-1">
              {page.revisions.map((r) => (
                <li key={r.version} className="text-zinc-700 dark:text-zinc-300">
                  v{r.version} · <RelativeTime iso={r.createdAt} />
                  {r.author ? ` · ${r.author}` : ""}
                </li>
              ))}
            </ol>
          </Card>
        </aside>
      </div>
    </>
  );
}
