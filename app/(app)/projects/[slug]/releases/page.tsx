import { PageHeader } from "@/components/ui/card";
import { ReleasesView } from "@/components/releases/releases-view";
import { listReleases } from "@/lib/releases/releases";
import { loadProject, projectTitle } from "../load";

export const generateMetadata = projectTitle("Releases");

export default async function ReleasesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, project, can } = await loadProject(slug);
  const releases = await listReleases({ ctx, input: { projectId: project.id } });
  return (
    <>
      <PageHeader title="Releases" description="Versions of this project with their changes, grouped from conventional commits. CI can post them through the API." />
      <ReleasesView projectId={project.id} initial={releases} canCreate={can("release.create")} />
    </>
  );
}
