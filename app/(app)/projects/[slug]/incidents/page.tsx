import { PageHeader } from "@/components/ui/card";
import { IncidentsView } from "@/components/uptime/incidents-view";
import { listIncidents } from "@/lib/monitoring/incidents";
import { loadProject, projectTitle } from "../load";

export const generateMetadata = projectTitle("Incidents");

export default async function IncidentsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const status = sp.status === "open" || sp.status === "resolved" ? sp.status : undefined;
  const { ctx, project } = await loadProject(slug);
  const incidents = await listIncidents({ ctx, input: { projectId: project.id, query: status ? { status } : {} } });
  return (
    <>
      <PageHeader title="Incidents" description="Opened and closed by each check's rules, with a timeline of what happened and who responded." />
      <IncidentsView projectId={project.id} projectSlug={project.slug} initial={incidents} initialStatus={status} />
    </>
  );
}
