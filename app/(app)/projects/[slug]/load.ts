import { cache } from "react";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { sessionActor } from "@/lib/auth/session";
import { can, type Action } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/auth/context";
import { NotFoundError } from "@/lib/errors";
import { getProject, resolveProjectId } from "@/lib/projects/projects";

/** The signed-in caller and the project behind a slug, read once per request by the layout and its page. */
export const loadProject = cache(async (slug: string) => {
  const actor = await sessionActor();
  if (!actor) redirect("/signin");
  const ctx: Ctx = { actor };
  try {
    const projectId = await resolveProjectId(ctx, slug);
    const project = await getProject({ ctx, input: { projectId } });
    return { ctx, project, can: (action: Action) => can(project.role, action) };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

/** "Targets · Acme Web" (the root template adds "· T-Minus"): every project page names itself and its project. */
export const projectTitle =
  (page: string) =>
  async ({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> => {
    const { project } = await loadProject((await params).slug);
    return { title: `${page} · ${project.name}` };
  };
