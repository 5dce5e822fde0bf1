import Link from "next/link";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";
import { ProjectSwitcher } from "./project-switcher";

type User = { name: string; email: string; isInstanceAdmin: boolean };

export function SkipLink() {
  return (
    <a
      href="#main"
      className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-semibold focus:text-indigo-800 focus:shadow-lg dark:focus:bg-zinc-900 dark:focus:text-indigo-200"
    >
      Skip to content
    </a>
  );
}

export function Logo() {
  return (
    <Link href="/" className="flex items-center gap-2 rounded-md font-semibold tracking-tight">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6 text-indigo-600 dark:text-indigo-400" fill="currentColor">
        <path d="M12 2c3 2.5 4.5 6 4.5 9.5 0 1.3-.2 2.6-.6 3.8l2.1 2.2-1.5 3.5-2.6-2H10.1l-2.6 2L6 17.5l2.1-2.2c-.4-1.2-.6-2.5-.6-3.8C7.5 8 9 4.5 12 2Zm0 6.5a2 2 0 1 0 0 4 2 2 0 0 0 0-4Z" />
      </svg>
      <span>T-Minus</span>
    </Link>
  );
}

export function AppHeader({ user, projects }: { user: User | null; projects: { slug: string; name: string }[] }) {
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
          <Link href="/docs/api" className="rounded-md px-2.5 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800">
            API docs
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
