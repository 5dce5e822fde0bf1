import type { ReactNode } from "react";
import { AppHeader, SkipLink } from "@/components/shell/app-header";
import { sessionActor } from "@/lib/auth/session";
import { listProjects } from "@/lib/projects/projects";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await sessionActor();
  const projects = actor ? await listProjects({ ctx: { actor } }) : [];
  return (
    <>
      <SkipLink />
      <AppHeader user={actor} projects={projects.map((p) => ({ slug: p.slug, name: p.name }))} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 outline-none">
        {children}
      </main>
    </>
  );
}
