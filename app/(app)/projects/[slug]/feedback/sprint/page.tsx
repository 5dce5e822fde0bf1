import { SprintBoard } from "@/components/feedback/board/sprint-board";
import { listFeedback } from "@/lib/feedback/items";
import { listSprints } from "@/lib/feedback/sprints";
import { boardQuery, currentSprint, notInSprint, onBoard, unplannedQuery, type TSprint } from "@/lib/queries/feedback-board";
import { FeedbackTabs } from "@/components/feedback/board/feedback-tabs";
import { loadProject, projectTitle } from "../../load";

export const generateMetadata = projectTitle("Sprint board");

export default async function SprintPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const { ctx, project, can } = await loadProject(slug);
  const projectId = project.id;
  const now = new Date().toISOString();
  const sprints = await listSprints({ ctx, input: { projectId } });
  const chosen = sprints.find((s: TSprint) => s.id === sp.sprint) ?? currentSprint(sprints, Date.parse(now));
  const [items, accepted] = await Promise.all([
    chosen ? listFeedback({ ctx, input: { projectId, query: boardQuery(chosen.id) } }) : Promise.resolve([]),
    listFeedback({ ctx, input: { projectId, query: unplannedQuery } }),
  ]);
  return (
    <>
      <FeedbackTabs projectSlug={project.slug} current="sprint" />
      <SprintBoard
        projectId={projectId}
        projectSlug={project.slug}
        initialSprints={sprints}
        initialSprintId={chosen?.id ?? null}
        initialItems={onBoard(items)}
        initialUnplanned={notInSprint(accepted)}
        canTriage={can("feedback.triage")}
        serverNow={now}
      />
    </>
  );
}
