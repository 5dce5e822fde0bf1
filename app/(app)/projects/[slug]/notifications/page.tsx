import { forbidden } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { NotificationsView } from "@/components/notifications/notifications-view";
import { listChannels } from "@/lib/notifications/channels";
import { emailConfigured } from "@/lib/notifications/smtp-config";
import { NOTIFICATION_EVENT_DESCRIPTIONS, NOTIFICATION_EVENTS } from "@/lib/notifications/schemas";
import { loadProject, projectTitle } from "../load";

export const generateMetadata = projectTitle("Notifications");

export default async function NotificationsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, project, can } = await loadProject(slug);
  if (!can("notification.manage")) forbidden();
  const channels = await listChannels({ ctx, input: { projectId: project.id } });
  // The event list lives beside its zod schemas; the client gets plain data, not the module.
  const events = NOTIFICATION_EVENTS.map((event) => ({ event, description: NOTIFICATION_EVENT_DESCRIPTIONS[event] }));
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Deployment requests, approvals, results, rollbacks, locks and overrides in this project are posted to the channels below: Slack, Discord or any JSON webhook."
      />
      <NotificationsView projectId={project.id} initial={channels} events={events} emailAvailable={emailConfigured()} />
    </>
  );
}
