import { WarRoomView } from "@/components/cockpit/war-room-view";
import { projectCockpit } from "@/lib/launch/cockpit";
import { loadProject, projectTitle } from "@/app/(app)/projects/[slug]/load";

export const generateMetadata = projectTitle("War room");

/** Full screen, no app chrome: the same sign-in and membership rules (and the same 404) as every project page. */
export default async function WarRoomPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, project, can } = await loadProject(slug);
  const cockpit = await projectCockpit({ ctx, input: { projectId: project.id } });
  return <WarRoomView initial={cockpit} project={{ name: project.name, slug: project.slug }} canManageLaunch={can("launch.manage")} canAddTarget={can("target.create")} />;
}
