import { SettingsView } from "@/components/feedback/settings/settings-view";
import { env } from "@/lib/env";
import { getFeedbackSettings } from "@/lib/feedback/settings";
import { FeedbackTabs } from "@/components/feedback/board/feedback-tabs";
import { loadProject, projectTitle } from "../../load";

export const generateMetadata = projectTitle("Feedback intake");

export default async function FeedbackSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, project, can } = await loadProject(slug);
  const settings = await getFeedbackSettings({ ctx, input: { projectId: project.id } });
  // The browser's own origin replaces this once hydrated; the server renders the configured public URL.
  return (
    <>
      <FeedbackTabs projectSlug={project.slug} current="settings" />
      <SettingsView projectId={project.id} projectSlug={project.slug} initial={settings} canManage={can("feedback.manage")} serverOrigin={new URL(env.NEXTAUTH_URL).origin} />
    </>
  );
}
