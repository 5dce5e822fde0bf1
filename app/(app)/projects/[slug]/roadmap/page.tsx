import { HandoffTabs } from "@/components/handoff/handoff-tabs";
import { RoadmapView } from "@/components/roadmap/roadmap-view";
import { listMembers } from "@/lib/members/members";
import { getRoadmap } from "@/lib/runbooks/roadmap";
import { loadProject, projectTitle } from "../load";

export const generateMetadata = projectTitle("Roadmap");

export default async function RoadmapPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, project, can } = await loadProject(slug);
  const projectId = project.id;
  const canWrite = can("roadmap.write");
  const [roadmap, members] = await Promise.all([
    getRoadmap({ ctx, input: { projectId } }),
    // Only the owner picker needs them: viewers never open it.
    canWrite ? listMembers({ ctx, input: { projectId } }) : Promise.resolve([]),
  ]);
  return (
    <>
      <HandoffTabs projectSlug={project.slug} current="roadmap" />
      <RoadmapView projectId={projectId} projectSlug={project.slug} initialRoadmap={roadmap} members={members.map((m) => ({ id: m.userId, name: m.name }))} canWrite={canWrite} />
    </>
  );
}
