"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { useEffect, useRef, useState } from "react";

/** Tabs that scroll sideways on a phone show a fading edge and a chevron on the side with more tabs. */
export function ProjectNav({ links }: { links: { href: string; label: string; also?: string[] }[] }) {
  const pathname = usePathname();
  const ref = useRef<HTMLElement>(null);
  const [more, setMore] = useState({ left: false, right: false });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setMore({ left: el.scrollLeft > 2, right: el.scrollLeft + el.clientWidth < el.scrollWidth - 2 });
    el.querySelector<HTMLElement>('[aria-current="page"]')?.scrollIntoView({ block: "nearest", inline: "nearest" });
    update();
    el.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    return () => {
      el.removeEventListener("scroll", update);
      window.removeEventListener("resize", update);
    };
  }, [pathname]);
  const edge = "pointer-events-none absolute inset-y-0 flex w-8 items-center text-zinc-500 dark:text-zinc-400";
  return (
    <div className="relative -mb-px mt-3">
      <nav ref={ref} aria-label="Project" className="flex gap-1 overflow-x-auto [scrollbar-width:none]">
        {links.map((l, i) => {
          // A tab stays current on the pages under it (a target, a deployment); the overview tab only on itself.
          // `also`: sibling sections that belong to this tab (incidents under Uptime).
          const current = [l.href, ...(l.also ?? [])].some((h) => pathname === h || (i > 0 && pathname.startsWith(`${h}/`)));
          return (
            <Link
              key={l.href}
              href={l.href}
              aria-current={current ? "page" : undefined}
              className="whitespace-nowrap border-b-2 border-transparent px-2 py-2 text-sm font-medium text-zinc-700 hover:border-zinc-400 hover:text-zinc-900 aria-[current=page]:border-indigo-600 aria-[current=page]:text-indigo-800 dark:text-zinc-300 dark:hover:text-white dark:aria-[current=page]:border-indigo-400 dark:aria-[current=page]:text-indigo-200"
            >
              {l.label}
            </Link>
          );
        })}
      </nav>
      {more.left && (
        <span aria-hidden="true" className={`${edge} left-0 justify-start bg-gradient-to-r from-zinc-50 dark:from-zinc-950`}>
          <ChevronLeft className="size-4" />
        </span>
      )}
      {more.right && (
        <span aria-hidden="true" data-testid="tabs-scroll-hint" className={`${edge} right-0 justify-end bg-gradient-to-l from-zinc-50 dark:from-zinc-950`}>
          <ChevronRight className="size-4" />
        </span>
      )}
    </div>
  );
}
