import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { TargetSummary } from "@/components/projects/target-summary";
import { listTargets } from "@/lib/targets/targets";
import { loadProject, projectTitle } from "./load";

export const generateMetadata = projectTitle("Overview");

export default async function ProjectOverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, project, can } = await loadProject(slug);
  const targets = await listTargets({ ctx, input: { projectId: project.id } });
  const base = `/projects/${project.slug}`;
  const links = [
    { href: `${base}/targets`, label: "Targets", text: can("target.create") ? "Add environments, provider settings and secrets." : "See the environments and test their connection." },
    { href: `${base}/members`, label: "Members", text: can("member.invite") ? "Invite people and set their roles." : "Who works on this project." },
    ...(can("token.read") ? [{ href: `${base}/tokens`, label: "API tokens", text: "Tokens for CI and scripts." }] : []),
    ...(can("audit.read") ? [{ href: `${base}/audit`, label: "Audit log", text: "Who did what, and when." }] : []),
    { href: "/docs/api", label: "API docs", text: "Every REST route with its permission and schema." },
  ];
  return (
    <>
      <PageHeader title={project.name} description={project.description || "No description yet."} actions={can("target.create") ? <ButtonLink href={`${base}/targets`}>Manage targets</ButtonLink> : undefined} />
      <div className="grid gap-8 lg:grid-cols-[1fr_18rem]">
        <TargetSummary projectId={project.id} initial={targets} targetsHref={`${base}/targets`} canEdit={can("target.create")} />
        <Card aria-labelledby="quick-links-heading" className="h-fit">
          <h2 id="quick-links-heading" className="mb-3 text-lg font-semibold">
            Quick links
          </h2>
          <ul className="space-y-3">
            {links.map((l) => (
              <li key={l.href}>
                <Link href={l.href} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                  {l.label}
                </Link>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">{l.text}</p>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
