import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { RunView } from "@/components/qa/run-view";
import { NotFoundError } from "@/lib/errors";
import { getQaRun, qaRunLogs, qaRunPoints } from "@/lib/qa/runs";
import { qaRunLabel } from "@/lib/qa/schemas";
import { loadProject } from "../../load";

type Params = Promise<{ slug: string; runId: string }>;

const load = cache(async (slug: string, runId: string) => {
  const { ctx, project, can } = await loadProject(slug);
  try {
    const run = await getQaRun({ ctx, input: { projectId: project.id, runId } });
    return { ctx, project, can, run };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, runId } = await params;
  const { project, run } = await load(slug, runId);
  return { title: `${run.ref} ${qaRunLabel(run)} → ${run.targetName} · QA · ${project.name}` };
}

export default async function QaRunPage({ params }: { params: Params }) {
  const { slug, runId } = await params;
  const { ctx, project, can, run } = await load(slug, runId);
  const input = { projectId: project.id, runId: run.id };
  const [log, points] = await Promise.all([qaRunLogs({ ctx, input: { ...input, query: { limit: 2000 } } }), run.kind === "load" ? qaRunPoints({ ctx, input }) : []]);
  return <RunView projectId={project.id} projectSlug={project.slug} initial={run} initialLog={log} initialPoints={points} canRun={can("qa.run")} canProductionLoad={can("qa.production_load")} />;
}
