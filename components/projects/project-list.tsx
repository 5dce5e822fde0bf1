"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { EmptyState } from "@/components/ui/card";
import { Badge } from "@/components/ui/status-pill";
import { fetchProjects, projectKeys, type TProject } from "@/lib/queries/projects";

export function ProjectList({ initial }: { initial: TProject[] }) {
  const { data: projects = initial } = useQuery({ queryKey: projectKeys.all, queryFn: fetchProjects, initialData: initial });
  return (
    <section aria-labelledby="project-list-heading">
      <h2 id="project-list-heading" className="sr-only">
        Your projects
      </h2>
      {projects.length === 0 ? (
        <EmptyState title="No projects yet">
          Press <strong>New project</strong> to create your first one. You become its admin and can then add targets and invite your team.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {projects.map((p) => (
            <li key={p.id} className="relative rounded-lg border border-zinc-200 bg-white p-5 shadow-sm hover:border-indigo-400 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-indigo-500">
              <h3 className="text-base font-semibold">
                <Link href={`/projects/${p.slug}`} className="after:absolute after:inset-0 after:content-['']">
                  {p.name}
                </Link>
              </h3>
              <p className="mt-1 line-clamp-2 text-sm text-zinc-600 dark:text-zinc-400">{p.description || "No description."}</p>
              <p className="mt-3 flex items-center gap-2 text-xs text-zinc-700 dark:text-zinc-300">
                <Badge>{p.role}</Badge>
                <span>
                  {p.targetCount} {p.targetCount === 1 ? "target" : "targets"}
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
