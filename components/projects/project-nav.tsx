"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export function ProjectNav({ links }: { links: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Project" className="-mb-px mt-3 flex gap-1 overflow-x-auto">
      {links.map((l) => {
        const current = pathname === l.href;
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={current ? "page" : undefined}
            className="whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-zinc-700 hover:border-zinc-400 hover:text-zinc-900 aria-[current=page]:border-indigo-600 aria-[current=page]:text-indigo-800 dark:text-zinc-300 dark:hover:text-white dark:aria-[current=page]:border-indigo-400 dark:aria-[current=page]:text-indigo-200"
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
