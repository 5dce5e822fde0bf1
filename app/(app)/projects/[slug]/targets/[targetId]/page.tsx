import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import Link from "next/link";
import { DeployPolicy } from "@/components/deployments/deploy-policy";
import { FreezeWindows } from "@/components/deployments/freeze-windows";
import { TargetDeployView } from "@/components/deployments/target-deploy-view";
import { EnvironmentBadge } from "@/components/ui/environment-badge";
import { getTargetDeployState, listDeployments } from "@/lib/deployments/deployments";
import { listFreezeWindows } from "@/lib/deployments/freeze";
import { ROLLBACK_NOTE } from "@/lib/deployments/schemas";
import { NotFoundError } from "@/lib/errors";
import { listReleases } from "@/lib/releases/releases";
import { getTarget } from "@/lib/targets/targets";
import { loadProject } from "../../load";

type Params = Promise<{ slug: string; targetId: string }>;

const load = cache(async (slug: string, targetId: string) => {
  const loaded = await loadProject(slug);
  try {
    const target = await getTarget({ ctx: loaded.ctx, input: { projectId: loaded.project.id, targetId } });
    return { ...loaded, target };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, targetId } = await params;
  const { project, target } = await load(slug, targetId);
  return { title: `${target.name} · Targets · ${project.name}` };
}

export default async function TargetPage({ params }: { params: Params }) {
  const { slug, targetId } = await params;
  const { ctx, project, can, target } = await load(slug, targetId);
  const input = { projectId: project.id, targetId: target.id };
  const [state, history, freeze, releases] = await Promise.all([
    getTargetDeployState({ ctx, input }),
    listDeployments({ ctx, input: { projectId: project.id, query: { targetId: target.id, limit: 30 } } }),
    listFreezeWindows({ ctx, input }),
    can("deployment.request") ? listReleases({ ctx, input: { projectId: project.id } }) : Promise.resolve([]),
  ]);
  return (
    <>
      <div className="mb-6">
        <p className="text-sm">
          <Link href={`/projects/${project.slug}/targets`} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
            Targets
          </Link>
        </p>
        <h1 className="mt-1 flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
          {target.name} <EnvironmentBadge environment={target.environment} />
        </h1>
      </div>
      <TargetDeployView
        projectId={project.id}
        projectSlug={project.slug}
        target={{ id: target.id, name: target.name, environment: target.environment, baseUrl: target.baseUrl }}
        initialState={state}
        initialHistory={history}
        settings={
          <div className="grid min-w-0 gap-6 lg:grid-cols-2">
            <DeployPolicy projectId={project.id} target={{ id: target.id, name: target.name }} policy={state.policy} canEdit={can("target.update")} />
            <FreezeWindows projectId={project.id} target={{ id: target.id, name: target.name }} windows={freeze} canManage={can("freeze.manage")} />
          </div>
        }
        releases={releases}
        rollbackNote={ROLLBACK_NOTE}
        can={{
          deploy: can("deployment.request"),
          lock: can("target.lock"),
          override: can("deployment.override"),
          rollback: can("deployment.rollback"),
        }}
      />
    </>
  );
}
