"use client";

import Link from "next/link";
import { Menu } from "./menu";

// next-auth's own signOut() would add next-auth/react (~10 kB gzipped) to every page; this is the same exchange.
async function signOut({ callbackUrl }: { callbackUrl: string }) {
  try {
    const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    await fetch("/api/auth/signout", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ csrfToken, callbackUrl, json: "true" }) });
  } finally {
    window.location.href = callbackUrl;
  }
}

export function UserMenu({ name, email, isInstanceAdmin }: { name: string; email: string; isInstanceAdmin: boolean }) {
  return (
    <Menu label={<span className="max-w-40 truncate">{name}</span>} ariaLabel={`Account: ${name}`} align="right">
      <div className="border-b border-zinc-200 px-3 py-2 text-sm dark:border-zinc-700">
        <p className="font-medium">{name}</p>
        <p className="text-zinc-600 dark:text-zinc-400">{email}</p>
        {isInstanceAdmin && <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Instance admin</p>}
      </div>
      <Link href="/account" className="block w-full px-3 py-2 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
        Account and GitHub
      </Link>
      {isInstanceAdmin && <Link href="/admin" className="block w-full px-3 py-2 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">Admin</Link>}
      <button
        type="button"
        onClick={() => signOut({ callbackUrl: "/signin" })}
        className="block w-full px-3 py-2 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
      >
        Sign out
      </button>
    </Menu>
  );
}
