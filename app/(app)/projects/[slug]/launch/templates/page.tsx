import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { TemplatesView } from "@/components/launch/templates-view";
import { listTemplates } from "@/lib/launch/templates";
import { loadProject, projectTitle } from "../../load";

export const generateMetadata = projectTitle("Launch templates");

export default async function LaunchTemplatesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, project, can } = await loadProject(slug);
  const templates = await listTemplates({ ctx, input: { projectId: project.id } });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/projects/${project.slug}/launch`} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
          ← Launch
        </Link>
      </p>
      <PageHeader title="Launch templates" description="Checklists a launch starts from: the built-in Phase 5 list and the project's own, shared as JSON or YAML." />
      <TemplatesView projectId={project.id} initial={templates} canManage={can("launch.manage")} />
    </>
  );
}
