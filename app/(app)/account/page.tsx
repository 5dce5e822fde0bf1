import { redirect } from "next/navigation";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { GithubLink } from "@/components/auth/github-link";
import { describeSignInError } from "@/components/auth/signin-errors";
import { sessionActor } from "@/lib/auth/session";
import { accountSummary } from "@/lib/auth/users";
import { env } from "@/lib/env";

export const metadata = { title: "Your account" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await sessionActor();
  if (!actor) redirect("/signin?callbackUrl=/account");
  const { error } = await searchParams;
  const account = await accountSummary(actor.userId);
  return (
    <>
      <PageHeader title="Your account" description={`${account.name} · ${account.email}`} />
      <Card aria-labelledby="github-heading" className="max-w-xl space-y-4">
        <h2 id="github-heading" className="text-lg font-semibold">
          GitHub sign-in
        </h2>
        {error && <Alert title="GitHub was not linked">{describeSignInError(error)}</Alert>}
        {!env.githubAuthEnabled ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">GitHub sign-in is not set up on this T-Minus instance.</p>
        ) : account.githubLinked ? (
          <p className="text-sm">
            Your GitHub account is linked: you can sign in with GitHub.
            {!account.hasPassword && " It is your only way to sign in, so it cannot be unlinked."}
          </p>
        ) : (
          <p className="text-sm">
            Link your GitHub account to sign in with it. You will confirm on GitHub; only the GitHub account you sign in with there is
            linked.
          </p>
        )}
        {env.githubAuthEnabled && <GithubLink linked={account.githubLinked} canUnlink={account.hasPassword} />}
      </Card>
    </>
  );
}
