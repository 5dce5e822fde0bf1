"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import type { TItem } from "@/lib/queries/launch";
import { box, useSave } from "./item-settings";

// The item's gate settings (blocking, sign-off, renewal), for launch managers only: loaded in its own chunk.

export function ItemSettings({ projectId, item }: { projectId: string; item: TItem }) {
  const id = useId();
  const [blocking, setBlocking] = useState(item.blocking);
  const [signOffRequired, setSignOffRequired] = useState(item.signOffRequired);
  const [renewal, setRenewal] = useState(item.renewalDays ? String(item.renewalDays) : "");
  const { save, errors, error, busy } = useSave(projectId, item, { renewalDays: "Renewal", blocking: "Blocking", signOffRequired: "Sign-off" });
  function submit(e: React.FormEvent) {
    e.preventDefault();
    const days = renewal.trim() ? Number(renewal) : null;
    void save(
      { blocking, signOffRequired, renewalDays: days !== null && Number.isFinite(days) ? Math.round(days) : null },
      `Saved ${item.ref}: ${blocking ? "blocking" : "not blocking"}, ${signOffRequired ? "needs sign-off" : "no sign-off"}${days ? `, renewed every ${days} days` : ""}.`,
    );
  }
  return (
    <section aria-labelledby="settings-heading" className={box}>
      <h2 id="settings-heading" className="mb-3 text-base font-semibold">
        Gate settings
      </h2>
      <form onSubmit={submit} noValidate className="space-y-3 text-sm">
        <FormError error={error} title="Not saved" />
        <label className="flex items-start gap-2">
          <input type="checkbox" checked={blocking} onChange={(e) => setBlocking(e.target.checked)} className="mt-0.5 size-4" />
          <span>Blocking: the launch is no-go while this item is open</span>
        </label>
        <label className="flex items-start gap-2">
          <input type="checkbox" checked={signOffRequired} onChange={(e) => setSignOffRequired(e.target.checked)} className="mt-0.5 size-4" />
          <span>Needs an approver&apos;s sign-off once done</span>
        </label>
        <TextField id={`${id}-renewal`} type="number" inputMode="numeric" min={1} max={3650} label="Sign-off renews every (days)" description="Empty: a sign-off never expires. An expired sign-off holds the launch." value={renewal} onChange={(e) => setRenewal(e.target.value)} error={errors.renewalDays} />
        <Button type="submit" variant="secondary" busy={busy}>
          Save gate settings
        </Button>
      </form>
    </section>
  );
}
