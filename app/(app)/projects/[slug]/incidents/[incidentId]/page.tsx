import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { IncidentView } from "@/components/uptime/incident-view";
import { NotFoundError } from "@/lib/errors";
import { getIncident } from "@/lib/monitoring/incidents";
import { loadProject } from "../../load";

type Params = Promise<{ slug: string; incidentId: string }>;

const load = cache(async (slug: string, incidentId: string) => {
  const loaded = await loadProject(slug);
  try {
    const incident = await getIncident({ ctx: loaded.ctx, input: { projectId: loaded.project.id, incidentId } });
    return { ...loaded, incident };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, incidentId } = await params;
  const { project, incident } = await load(slug, incidentId);
  return { title: `#${incident.number} ${incident.title} · Incidents · ${project.name}` };
}

export default async function IncidentPage({ params }: { params: Params }) {
  const { slug, incidentId } = await params;
  const { project, can, incident } = await load(slug, incidentId);
  return <IncidentView projectId={project.id} projectSlug={project.slug} initial={incident} canRespond={can("incident.respond")} />;
}
