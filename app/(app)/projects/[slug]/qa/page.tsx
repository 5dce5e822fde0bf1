import { QaView } from "@/components/qa/qa-view";
import { listQaProfiles } from "@/lib/qa/profiles";
import { listQaRuns } from "@/lib/qa/runs";
import { QA_KIND_IDS, QA_STATUSES, type TQaKind, type TQaStatus } from "@/lib/qa/schemas";
import { loadLatest } from "@/lib/queries/qa";
import { listTargets } from "@/lib/targets/targets";
import { loadProject, projectTitle } from "../load";

export const generateMetadata = projectTitle("QA");

const pick = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined => (typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : undefined);

export default async function QaPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const { ctx, project, can } = await loadProject(slug);
  const projectId = project.id;
  const targets = (await listTargets({ ctx, input: { projectId } })).map((t) => ({ id: t.id, name: t.name, environment: t.environment }));
  const filters = { kind: pick<TQaKind>(sp.kind, QA_KIND_IDS), targetId: pick(sp.target, targets.map((t) => t.id)), status: pick<TQaStatus>(sp.status, QA_STATUSES) };
  const list = (query: Record<string, unknown>) => listQaRuns({ ctx, input: { projectId, query } });
  const [latest, runs, profiles] = await Promise.all([
    loadLatest(list, targets.map((t) => t.id), QA_KIND_IDS),
    list({ ...filters, limit: 50 }),
    listQaProfiles({ ctx, input: { projectId } }),
  ]);
  return (
    <QaView
      projectId={projectId}
      projectSlug={project.slug}
      targets={targets}
      initialLatest={latest}
      initialRuns={runs}
      initialFilters={filters}
      initialProfiles={profiles}
      canRun={can("qa.run")}
      canProductionLoad={can("qa.production_load")}
    />
  );
}
