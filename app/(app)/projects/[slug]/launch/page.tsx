import { LaunchView } from "@/components/launch/launch-view";
import type { StartOptions } from "@/components/launch/no-active-launch";
import { getActiveLaunch } from "@/lib/launch/launches";
import { listTemplates } from "@/lib/launch/templates";
import type { TTemplate } from "@/lib/launch/schemas";
import { listMembers } from "@/lib/members/members";
import { loadProject, projectTitle } from "../load";
import { launchViewer } from "./viewer";

export const generateMetadata = projectTitle("Launch");

export default async function LaunchPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const loaded = await loadProject(slug);
  const { ctx, project } = loaded;
  const viewer = launchViewer(loaded);
  const input = { projectId: project.id };
  const launch = await getActiveLaunch({ ctx, input });
  // What the empty state needs: the templates to start from, or who to ask.
  let start: StartOptions = { templates: [], managers: [] };
  if (!launch) {
    if (viewer.canManage) {
      const templates = await listTemplates({ ctx, input });
      start = { templates: templates.map((t: TTemplate) => ({ id: t.id, name: t.name, itemCount: t.itemCount, sectionCount: t.sectionCount })), managers: [] };
    } else {
      const members = await listMembers({ ctx, input });
      start = { templates: [], managers: members.filter((m) => m.role === "approver" || m.role === "admin").map((m) => m.name || m.email) };
    }
  }
  return <LaunchView projectId={project.id} projectSlug={project.slug} initial={launch} viewer={viewer} start={start} />;
}
