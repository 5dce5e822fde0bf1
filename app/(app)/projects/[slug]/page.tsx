import { Presentation } from "lucide-react";
import { PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { CockpitView } from "@/components/cockpit/cockpit-view";
import { projectCockpit } from "@/lib/launch/cockpit";
import { loadProject, projectTitle } from "./load";

export const generateMetadata = projectTitle("Overview");

/** The project home is the launch cockpit (DESIGN.md): server-rendered first paint, then kept live in the browser. */
export default async function ProjectCockpitPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, project, can } = await loadProject(slug);
  const cockpit = await projectCockpit({ ctx, input: { projectId: project.id } });
  const base = `/projects/${project.slug}`;
  return (
    <>
      <PageHeader
        title={project.name}
        description={project.description || undefined}
        actions={
          <>
            <ButtonLink href={`/war-room/${project.slug}`}>
              <Presentation aria-hidden="true" className="size-4" />
              War room
            </ButtonLink>
            {can("target.create") && <ButtonLink href={`${base}/targets`}>Manage targets</ButtonLink>}
          </>
        }
      />
      <CockpitView initial={cockpit} slug={project.slug} canManageLaunch={can("launch.manage")} canAddTarget={can("target.create")} />
    </>
  );
}
