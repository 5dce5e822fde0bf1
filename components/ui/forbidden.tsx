import Link from "next/link";

export function Forbidden({ role, what, backHref }: { role: string; what: string; backHref: string }) {
  return (
    <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-6 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <h1 className="flex items-center gap-2 text-xl font-semibold">
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="currentColor">
          <path d="M10 1.5a4 4 0 0 0-4 4V8H5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V9a1 1 0 0 0-1-1h-1V5.5a4 4 0 0 0-4-4Zm2.5 6.5h-5V5.5a2.5 2.5 0 0 1 5 0V8Z" />
        </svg>
        You need the {role} role
      </h1>
      <p className="mt-2 text-sm">{what} Ask a project admin if you need access.</p>
      <Link href={backHref} className="mt-4 inline-block text-sm font-semibold underline">
        Back to the project overview
      </Link>
    </div>
  );
}
