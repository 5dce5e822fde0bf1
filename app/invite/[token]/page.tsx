import Link from "next/link";
import { AuthShell } from "@/components/shell/app-header";
import { AcceptInvite } from "@/components/auth/accept-invite";
import { Alert } from "@/components/ui/card";
import { describeInvitation } from "@/lib/members/members";
import { sessionActor } from "@/lib/auth/session";

export const metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, actor] = await Promise.all([describeInvitation(token), sessionActor()]);
  if (!invitation) {
    return (
      <AuthShell title="Invitation not found">
        <Alert>This invitation link is not valid. Check that you copied the whole link, or ask the project admin for a new one.</Alert>
      </AuthShell>
    );
  }
  const title = `Join ${invitation.projectName}`;
  if (invitation.status !== "pending") {
    return (
      <AuthShell title={title}>
        <Alert tone="warning" title={`This invitation is ${invitation.status}`}>Ask the project admin to send you a new invitation.</Alert>
      </AuthShell>
    );
  }
  const intro = (
    <p className="mb-5 text-sm text-zinc-700 dark:text-zinc-300">
      You are invited to <strong>{invitation.projectName}</strong> as <strong>{invitation.role}</strong> ({invitation.email}).
    </p>
  );
  const signInHref = `/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`;
  if (actor && actor.email !== invitation.email) {
    return (
      <AuthShell title={title}>
        {intro}
        <Alert tone="warning" title="Signed in as someone else">
          You are signed in as {actor.email}, but this invitation is for {invitation.email}. Sign out from the account menu, then open this link again.
        </Alert>
      </AuthShell>
    );
  }
  if (!actor && invitation.hasAccount) {
    return (
      <AuthShell title={title}>
        {intro}
        <Alert tone="info" title="Sign in first">
          {invitation.email} already has a T-Minus account. <Link href={signInHref} className="font-semibold underline">Sign in</Link>, and you will come back here to accept.
        </Alert>
      </AuthShell>
    );
  }
  return (
    <AuthShell title={title}>
      {intro}
      <AcceptInvite token={token} email={invitation.email} newAccount={!actor} />
    </AuthShell>
  );
}
