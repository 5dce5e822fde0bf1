import { ArrowLeft } from "lucide-react";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";

/** The frame of 404 and error pages outside the app shell: the logo, a code, words and a way back (theme from the root script). */
export function StatusPage({ code, title, children, actions, bare }: { code: string; title: string; children: ReactNode; actions: ReactNode; bare?: boolean }) {
  const body = (
    <div className="mx-auto max-w-lg px-4 py-16 text-center">
      <p className="font-mono text-sm font-semibold tabular-nums text-indigo-700 dark:text-indigo-300">{code}</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">{title}</h1>
      <div className="mt-3 text-zinc-700 dark:text-zinc-300">{children}</div>
      <div className="mt-8 flex flex-wrap justify-center gap-3">{actions}</div>
    </div>
  );
  if (bare) return body;
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-semibold focus:text-indigo-800 focus:shadow-lg dark:focus:bg-zinc-900 dark:focus:text-indigo-200">
        Skip to content
      </a>
      <header className="mx-auto flex max-w-6xl items-center justify-between px-4 pt-6">
        <p className="flex items-center gap-2 font-semibold tracking-tight">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6 text-indigo-600 dark:text-indigo-400" fill="currentColor">
            <path d="M12 2c3 2.5 4.5 6 4.5 9.5 0 1.3-.2 2.6-.6 3.8l2.1 2.2-1.5 3.5-2.6-2H10.1l-2.6 2L6 17.5l2.1-2.2c-.4-1.2-.6-2.5-.6-3.8C7.5 8 9 4.5 12 2Zm0 6.5a2 2 0 1 0 0 4 2 2 0 0 0 0-4Z" />
          </svg>
          T-Minus
        </p>
      </header>
      <main id="main" tabIndex={-1} className="outline-none">
        {body}
      </main>
    </>
  );
}

/** A plain link: an error page loads the next page as a fresh document, and ships no router code of its own. */
export function StatusLink({ href, children, primary }: { href: string; children: ReactNode; primary?: boolean }) {
  return (
    <a href={href} className={buttonClass(primary ? "primary" : "secondary")}>
      {children}
    </a>
  );
}

/** The 404 of the whole app; `bare` inside the app shell, where the header and main landmark already exist. */
export function NotFoundPage({ bare, children }: { bare?: boolean; children: ReactNode }) {
  return (
    <StatusPage
      bare={bare}
      code="404"
      title="This page does not exist"
      actions={
        <StatusLink href="/projects" primary>
          <ArrowLeft aria-hidden="true" className="size-4" />
          Back to your projects
        </StatusLink>
      }
    >
      {children}
    </StatusPage>
  );
}
