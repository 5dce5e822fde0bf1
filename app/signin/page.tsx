import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/shell/app-header";
import { SignInForm } from "@/components/auth/signin-form";
import { safeCallback } from "@/components/auth/safe-callback";
import { Alert } from "@/components/ui/card";
import { needsSetup } from "@/lib/auth/users";
import { sessionActor } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { callbackUrl, error } = await searchParams;
  if (await sessionActor()) redirect(safeCallback(callbackUrl));
  const fresh = await needsSetup();
  return (
    <AuthShell title="Sign in to T-Minus">
      {fresh ? (
        <Alert tone="info" title="No accounts yet">
          This T-Minus install has no users. <Link href="/setup" className="font-semibold underline">Create the first account</Link> to become its admin.
        </Alert>
      ) : (
        <SignInForm callbackUrl={callbackUrl} initialError={error} githubEnabled={env.githubAuthEnabled} />
      )}
      <p className="mt-5 text-sm text-zinc-600 dark:text-zinc-400">New here? People join a project through an invitation link from its admin.</p>
    </AuthShell>
  );
}
