import { PageHeader } from "@/components/ui/card";
import { TargetsView } from "@/components/targets/targets-view";
import { listTargets } from "@/lib/targets/targets";
import { loadProject, projectTitle } from "../load";

export const generateMetadata = projectTitle("Targets");

export default async function TargetsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, project, can } = await loadProject(slug);
  const targets = await listTargets({ ctx, input: { projectId: project.id } });
  return (
    <>
      <PageHeader title="Targets" description="The environments of this project. Open one to see what is live on it, deploy a release, lock it or roll back. Test connection probes its health URL from a worker." />
      <TargetsView projectId={project.id} projectSlug={project.slug} initial={targets} canEdit={can("target.create")} canTest={can("target.test")} />
    </>
  );
}
