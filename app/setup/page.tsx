import Link from "next/link";
import { AuthShell } from "@/components/shell/app-header";
import { SetupForm } from "@/components/auth/setup-form";
import { Alert } from "@/components/ui/card";
import { needsSetup } from "@/lib/auth/users";
import { GithubButton } from "@/components/auth/github-button";
import { env } from "@/lib/env";

export const metadata = { title: "Set up" };

export default async function SetupPage() {
  if (!(await needsSetup())) {
    return (
      <AuthShell title="T-Minus is already set up">
        <Alert tone="info">
          An admin account exists. <Link href="/signin" className="font-semibold underline">Sign in</Link>, or ask a project admin for an invitation.
        </Alert>
      </AuthShell>
    );
  }
  return (
    <AuthShell title="Set up T-Minus">
      <p className="mb-5 text-sm text-zinc-600 dark:text-zinc-400">
        Create the first account. It becomes the instance admin and can create projects and invite the team.
      </p>
      <div className="space-y-4">
        <SetupForm />
        {env.githubAuthEnabled && <GithubButton callbackUrl="/projects" label="Set up with GitHub (your verified GitHub email)" />}
      </div>
    </AuthShell>
  );
}
