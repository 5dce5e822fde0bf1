import Link from "next/link";
import { BookOpen, Inbox } from "lucide-react";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";
import { ProjectSwitcher } from "./project-switcher";
import { Logo, SkipLink } from "./brand";

export { Logo, SkipLink };

type User = { name: string; email: string; isInstanceAdmin: boolean };

export function AppHeader({ user, projects, approvalsWaiting = 0 }: { user: User | null; projects: { slug: string; name: string }[]; approvalsWaiting?: number }) {
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-2.5">
        <Logo />
        {user && (
          <>
            <span aria-hidden="true" className="text-zinc-400">/</span>
            <ProjectSwitcher projects={projects} />
          </>
        )}
        <nav aria-label="Site" className="ml-auto flex items-center gap-1">
          {user && (
            <Link href="/approvals" className="inline-flex items-center gap-1 rounded-md px-1.5 py-1.5 sm:gap-1.5 sm:px-2.5 text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800">
              <Inbox aria-hidden="true" className="size-4 sm:hidden" />
              {/* On a phone the word hides behind the icon: the header must not scroll sideways at 360 px. */}
              <span className="sr-only sm:not-sr-only">Approvals</span>
              {approvalsWaiting > 0 && (
                <span data-testid="approvals-count" className="rounded-full bg-amber-100 px-1.5 text-xs font-semibold tabular-nums text-amber-900 ring-1 ring-inset ring-amber-700/30 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-400/30">
                  {approvalsWaiting}
                  <span className="sr-only"> waiting</span>
                </span>
              )}
            </Link>
          )}
          <Link href="/docs/api" className="inline-flex items-center whitespace-nowrap rounded-md px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100 sm:px-2.5 dark:text-zinc-200 dark:hover:bg-zinc-800">
            <BookOpen aria-hidden="true" className="size-4 sm:hidden" />
            <span className="sr-only sm:not-sr-only">API docs</span>
          </Link>
          <ThemeToggle />
          {user ? (
            <UserMenu name={user.name} email={user.email} isInstanceAdmin={user.isInstanceAdmin} />
          ) : (
            <Link href="/signin" className="rounded-md px-2.5 py-1.5 text-sm font-medium text-indigo-700 hover:bg-zinc-100 dark:text-indigo-300 dark:hover:bg-zinc-800">
              Sign in
            </Link>
          )}
        </nav>
      </div>
    </header>
  );
}

/** The centred card layout of sign-in, set-up and invitation pages. */
export function AuthShell({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <>
      <SkipLink />
      <header className="mx-auto flex max-w-md items-center justify-between px-4 pt-8">
        <Logo />
        <ThemeToggle />
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-md px-4 py-8">
        <div className="rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <h1 className="mb-5 text-xl font-semibold tracking-tight">{title}</h1>
          {children}
        </div>
      </main>
    </>
  );
}
