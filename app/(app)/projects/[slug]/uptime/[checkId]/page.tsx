import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { CheckActions } from "@/components/uptime/check-actions";
import { CheckHealthView } from "@/components/uptime/check-health-view";
import { NotFoundError } from "@/lib/errors";
import { getCheck } from "@/lib/monitoring/checks";
import { listIncidents } from "@/lib/monitoring/incidents";
import { getCheckLatency, getCheckUptime } from "@/lib/monitoring/uptime";
import { healthUrl } from "@/lib/targets/schemas";
import { listTargets } from "@/lib/targets/targets";
import { loadProject } from "../../load";

type Params = Promise<{ slug: string; checkId: string }>;

const load = cache(async (slug: string, checkId: string) => {
  const loaded = await loadProject(slug);
  try {
    const check = await getCheck({ ctx: loaded.ctx, input: { projectId: loaded.project.id, checkId } });
    return { ...loaded, check };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, checkId } = await params;
  const { project, check } = await load(slug, checkId);
  return { title: `${check.name} · Uptime · ${project.name}` };
}

export default async function CheckPage({ params }: { params: Params }) {
  const { slug, checkId } = await params;
  const { ctx, project, can, check } = await load(slug, checkId);
  const input = { projectId: project.id, checkId: check.id };
  const [uptime, latency, incidents, targets] = await Promise.all([
    getCheckUptime({ ctx, input }),
    getCheckLatency({ ctx, input: { ...input, query: { window: "24h" } } }),
    listIncidents({ ctx, input: { projectId: project.id, query: { checkId: check.id } } }),
    listTargets({ ctx, input: { projectId: project.id } }),
  ]);
  const target = targets.find((t) => t.id === check.targetId) ?? null;
  const checkTargets = targets.map((t) => ({ id: t.id, name: t.name, environment: t.environment, healthUrl: healthUrl(t.baseUrl, t.healthPath) }));
  return (
    <CheckHealthView
      projectId={project.id}
      projectSlug={project.slug}
      target={target ? { name: target.name, environment: target.environment } : null}
      initial={{ check, uptime, latency, incidents }}
      actions={can("check.manage") ? <CheckActions projectId={project.id} projectSlug={project.slug} check={check} targets={checkTargets} /> : undefined}
    />
  );
}
