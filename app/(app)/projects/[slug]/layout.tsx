import type { ReactNode } from "react";
import { ProjectNav } from "@/components/projects/project-nav";
import { ProjectEvents } from "@/components/projects/project-events";
import { Badge } from "@/components/ui/status-pill";
import { loadProject } from "./load";

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project, can } = await loadProject(slug);
  const base = `/projects/${project.slug}`;
  const links = [
    { href: base, label: "Overview" },
    { href: `${base}/launch`, label: "Launch" },
    { href: `/war-room/${project.slug}`, label: "War room" },
    { href: `${base}/targets`, label: "Targets" },
    { href: `${base}/releases`, label: "Releases" },
    { href: `${base}/deployments`, label: "Deployments" },
    { href: `${base}/uptime`, label: "Uptime", also: [`${base}/incidents`] },
    { href: `${base}/qa`, label: "QA" },
    { href: `${base}/feedback`, label: "Feedback" },
    { href: `${base}/handoff`, label: "Handoff", also: [`${base}/runbooks`, `${base}/roadmap`] },
    { href: `${base}/members`, label: "Members" },
    ...(can("token.read") ? [{ href: `${base}/tokens`, label: "API tokens" }] : []),
    ...(can("notification.manage") ? [{ href: `${base}/notifications`, label: "Notifications" }] : []),
    ...(can("audit.read") ? [{ href: `${base}/audit`, label: "Audit log" }] : []),
  ];
  return (
    <div>
      <div className="mb-6 border-b border-zinc-200 dark:border-zinc-800">
        <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
          <span>{project.name}</span>
          <Badge>Your role: {project.role}</Badge>
        </p>
        <ProjectNav links={links} />
      </div>
      <ProjectEvents projectId={project.id} />
      {children}
    </div>
  );
}
