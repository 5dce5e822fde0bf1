import type { ReactNode } from "react";
import { AppHeader, SkipLink } from "@/components/shell/app-header";
import { sessionActor } from "@/lib/auth/session";
import { listProjects } from "@/lib/projects/projects";
import { approvalInbox } from "@/lib/deployments/deployments";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await sessionActor();
  const projects = actor ? await listProjects({ ctx: { actor } }) : [];
  // The header's count of deployments waiting for me; a failure here must not take the page down.
  const waiting = actor ? await approvalInbox({ ctx: { actor } }).then((l) => l.length, () => 0) : 0;
  return (
    <>
      <SkipLink />
      <AppHeader user={actor} projects={projects.map((p) => ({ slug: p.slug, name: p.name }))} approvalsWaiting={waiting} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 outline-none">
        {children}
      </main>
    </>
  );
}
