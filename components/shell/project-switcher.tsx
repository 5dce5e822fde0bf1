"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { Menu } from "./menu";

export function ProjectSwitcher({ projects }: { projects: { slug: string; name: string }[] }) {
  const params = useParams<{ slug?: string }>();
  const current = projects.find((p) => p.slug === params.slug);
  return (
    <Menu label={current ? current.name : "Projects"} ariaLabel={current ? `Project: ${current.name}. Switch project` : "Switch project"}>
      <nav aria-label="Projects">
        <ul className="max-h-72 overflow-auto py-1">
          {projects.map((p) => (
            <li key={p.slug}>
              <Link
                href={`/projects/${p.slug}`}
                aria-current={p.slug === params.slug ? "page" : undefined}
                className="block px-3 py-2 text-sm hover:bg-zinc-100 aria-[current=page]:font-semibold dark:hover:bg-zinc-800"
              >
                {p.name}
              </Link>
            </li>
          ))}
        </ul>
        <Link href="/projects" className="block border-t border-zinc-200 px-3 py-2 text-sm font-medium text-indigo-700 hover:bg-zinc-100 dark:border-zinc-700 dark:text-indigo-300 dark:hover:bg-zinc-800">
          All projects · New project
        </Link>
      </nav>
    </Menu>
  );
}
