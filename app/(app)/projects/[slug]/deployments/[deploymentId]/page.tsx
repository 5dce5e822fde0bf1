import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { DeploymentView } from "@/components/deployments/deployment-view";
import { Markdown } from "@/components/deployments/markdown";
import { getDeployment, getDeploymentLog } from "@/lib/deployments/deployments";
import { NotFoundError } from "@/lib/errors";
import { loadProject } from "../../load";

type Params = Promise<{ slug: string; deploymentId: string }>;

const load = cache(async (slug: string, deploymentId: string) => {
  const { ctx, project } = await loadProject(slug);
  try {
    const deployment = await getDeployment({ ctx, input: { projectId: project.id, deploymentId } });
    return { project, ctx, deployment };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, deploymentId } = await params;
  const { project, deployment: d } = await load(slug, deploymentId);
  return { title: `#${d.number} ${d.release.version} → ${d.target.name} · Deployments · ${project.name}` };
}

export default async function DeploymentPage({ params }: { params: Params }) {
  const { slug, deploymentId } = await params;
  const { project, ctx, deployment } = await load(slug, deploymentId);
  const log = await getDeploymentLog({ ctx, input: { projectId: project.id, deploymentId: deployment.id, query: { after: 0 } } });
  return <DeploymentView projectId={project.id} projectSlug={project.slug} initial={deployment} changelog={<Markdown text={deployment.changelog} />} initialLog={{ lines: log.lines, truncated: log.truncated }} />;
}
