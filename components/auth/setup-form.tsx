"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { ApiError, api } from "@/lib/queries/api";

export function SetupForm() {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  const fields = error?.fieldErrors() ?? {};

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = { name: String(form.get("name")), email: String(form.get("email")), password: String(form.get("password")) };
    setBusy(true);
    setError(null);
    try {
      await api("/setup", { method: "POST", body: input });
      const res = await signIn("credentials", { redirect: false, email: input.email, password: input.password });
      router.push(res?.ok ? "/projects" : "/signin");
      router.refresh();
    } catch (err) {
      setBusy(false);
      setError(err instanceof ApiError ? err : new ApiError(0, "unknown", "Set-up failed"));
    }
  }

  return (
    <form method="post" onSubmit={submit} className="space-y-4" noValidate>
      <FormError error={error} title="The account was not created" />
      <TextField id="setup-name" name="name" label="Your name" autoComplete="name" required error={fields.name} />
      <TextField id="setup-email" name="email" type="email" label="Email" autoComplete="email" required error={fields.email} />
      <TextField id="setup-password" name="password" type="password" label="Password" autoComplete="new-password" required description="At least 10 characters." error={fields.password} />
      <Button type="submit" busy={busy} className="w-full">
        Create admin account
      </Button>
    </form>
  );
}
