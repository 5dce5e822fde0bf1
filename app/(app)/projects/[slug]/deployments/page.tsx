import { PageHeader } from "@/components/ui/card";
import { DeploymentsView } from "@/components/deployments/deployments-view";
import { listDeployments } from "@/lib/deployments/deployments";
import { DEPLOYMENT_STATUSES, type DeploymentStatusName } from "@/lib/deployments/schemas";
import { listTargets } from "@/lib/targets/targets";
import { loadProject, projectTitle } from "../load";

export const generateMetadata = projectTitle("Deployments");

export default async function DeploymentsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const { ctx, project } = await loadProject(slug);
  const targets = await listTargets({ ctx, input: { projectId: project.id } });
  const target = typeof sp.target === "string" && targets.some((t) => t.id === sp.target) ? sp.target : undefined;
  const status = typeof sp.status === "string" && (DEPLOYMENT_STATUSES as readonly string[]).includes(sp.status) ? (sp.status as DeploymentStatusName) : undefined;
  const deployments = await listDeployments({ ctx, input: { projectId: project.id, query: { targetId: target, status, limit: 50 } } });
  return (
    <>
      <PageHeader title="Deployments" description="Every release pushed to a target, newest first, with who asked, who approved and how it went." />
      <DeploymentsView
        projectId={project.id}
        projectSlug={project.slug}
        targets={targets.map((t) => ({ id: t.id, name: t.name, environment: t.environment }))}
        initial={deployments}
        initialFilters={{ targetId: target, status }}
      />
    </>
  );
}
