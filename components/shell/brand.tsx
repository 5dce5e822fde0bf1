import Link from "next/link";

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
