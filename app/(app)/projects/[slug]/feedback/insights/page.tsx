import { InsightsView } from "@/components/feedback/insights/insights-view";
import { INSIGHT_DAYS, type InsightDays } from "@/components/feedback/insights/mappers";
import { getFeedbackStats } from "@/lib/feedback/items";
import { FeedbackTabs } from "@/components/feedback/board/feedback-tabs";
import { loadProject, projectTitle } from "../../load";

export const generateMetadata = projectTitle("Feedback insights");

export default async function InsightsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const { ctx, project } = await loadProject(slug);
  const days: InsightDays = INSIGHT_DAYS.find((d) => String(d) === sp.days) ?? 30;
  const stats = await getFeedbackStats({ ctx, input: { projectId: project.id, days } });
  return (
    <>
      <FeedbackTabs projectSlug={project.slug} current="insights" />
      <InsightsView projectId={project.id} projectSlug={project.slug} initialDays={days} initialStats={stats} />
    </>
  );
}
