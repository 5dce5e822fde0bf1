"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { ApiError, api } from "@/lib/queries/api";

type Accepted = { projectId: string; email: string; role: string };

/** New people choose a name and password; a signed-in invitee only confirms. */
export function AcceptInvite({ token, email, newAccount }: { token: string; email: string; newAccount: boolean }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  const fields = error?.fieldErrors() ?? {};

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = newAccount ? { token, name: String(form.get("name")), password: String(form.get("password")) } : { token };
    setBusy(true);
    setError(null);
    try {
      const accepted = await api<Accepted>("/invitations/accept", { method: "POST", body });
      if (newAccount) await signIn("credentials", { redirect: false, email, password: body.password });
      router.push(`/projects/${accepted.projectId}`);
      router.refresh();
    } catch (err) {
      setBusy(false);
      setError(err instanceof ApiError ? err : new ApiError(0, "unknown", "Could not accept the invitation"));
    }
  }

  return (
    <form method="post" onSubmit={submit} className="space-y-4" noValidate>
      <FormError error={error} title="The invitation was not accepted" />
      {newAccount && (
        <>
          <TextField id="invite-email" label="Email" value={email} readOnly description="Invitations are bound to this address." />
          <TextField id="invite-name" name="name" label="Your name" autoComplete="name" required error={fields.name} />
          <TextField id="invite-password" name="password" type="password" label="Choose a password" autoComplete="new-password" required description="At least 10 characters." error={fields.password} />
        </>
      )}
      <Button type="submit" busy={busy} className="w-full">
        {newAccount ? "Create account and join" : "Accept invitation"}
      </Button>
    </form>
  );
}
