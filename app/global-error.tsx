"use client";

import Link from "next/link";
import { useEffect } from "react";
import { storedDark } from "@/components/shell/theme-toggle";
import "@fontsource-variable/inter";
import "./globals.css";

// Replaces the root layout when it fails, so the theme script is gone: the stored theme is applied from here.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    document.documentElement.classList.toggle("dark", storedDark());
  }, []);
  return (
    <html lang="en">
      <head>
        <title>Something went wrong · T-Minus</title>
      </head>
      <body className="min-h-screen font-sans">
        <main className="mx-auto max-w-lg px-4 py-16 text-center">
          <p className="font-mono text-sm font-semibold text-indigo-700 dark:text-indigo-300">500</p>
          <h1 className="mt-2 text-3xl font-semibold tracking-tight">T-Minus could not start this page</h1>
          <p className="mt-3 text-zinc-700 dark:text-zinc-300">Try again; if it keeps failing, tell your T-Minus admin{error.digest ? ` and give them the reference ${error.digest}` : ""}.</p>
          <div className="mt-8 flex justify-center gap-3">
            <button type="button" onClick={reset} className="rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-indigo-700">
              Try again
            </button>
            <Link href="/projects" className="rounded-md border border-zinc-300 px-3.5 py-2 text-sm font-medium dark:border-zinc-600">
              Back to your projects
            </Link>
          </div>
        </main>
      </body>
    </html>
  );
}
