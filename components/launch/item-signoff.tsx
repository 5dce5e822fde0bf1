"use client";

import { ShieldAlert, ShieldCheck } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { TextAreaField, TextField } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { revokeWaiver, signOffItem, waiveItem, type TItem } from "@/lib/queries/launch";
import { useRefreshLaunch, type LaunchViewer } from "./use-launch";

const box = "rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";

/** Why this viewer cannot sign off now, in a sentence; null when they can. */
export function whyNoSignOff(item: TItem, viewer: LaunchViewer): string | null {
  if (!viewer.canSignoff) return "Approvers and admins sign off items.";
  if (viewer.userId && item.owner?.id === viewer.userId) return "You own this item, so someone else signs it off: a sign-off is a second pair of eyes.";
  if (item.status !== "done") return "Sign-off comes once the item is done; mark it Done first.";
  return null;
}

/** Sign-off (a second pair of eyes on a done item) and the waiver (an approver accepts the risk, until a date). */
export function ItemSignOff({ projectId, item, viewer }: { projectId: string; item: TItem; viewer: LaunchViewer }) {
  const id = useId();
  const toast = useToast();
  const refresh = useRefreshLaunch(projectId);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<"sign" | "revoke" | "waive" | null>(null);
  const [waiving, setWaiving] = useState(false);
  const [reason, setReason] = useState("");
  const [expires, setExpires] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const why = whyNoSignOff(item, viewer);
  const needsSignOff = item.signOffRequired || item.signOff !== null;

  async function act(kind: "sign" | "revoke" | "waive", run: () => Promise<unknown>, message: string, focusId?: string) {
    setBusy(kind);
    setError(null);
    try {
      await run();
      toast({ message });
      await refresh();
      if (focusId) document.getElementById(focusId)?.focus();
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        const f = err.fieldErrors();
        setErrors({ ...(f.reason ? { reason: `Reason ${f.reason}.` } : {}), ...(f.expiresAt ? { expiresAt: `Expiry ${f.expiresAt}.` } : {}) });
      } else setError(err);
      return false;
    } finally {
      setBusy(null);
    }
  }

  function waive(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (reason.trim().length < 3) errs.reason = "Say why the launch may go without this item, in at least 3 characters.";
    if (!expires) errs.expiresAt = "Pick when the waiver lapses; the item then holds the launch again.";
    else if (new Date(expires).getTime() <= Date.now()) errs.expiresAt = "Pick a time in the future.";
    setErrors(errs);
    if (Object.keys(errs).length) return;
    void act("waive", () => waiveItem(projectId, item.id, { reason: reason.trim(), expiresAt: new Date(expires).toISOString() }), `Waived ${item.ref} until ${new Date(expires).toLocaleString()}.`, "signoff-heading").then((ok) => ok && setWaiving(false));
  }

  return (
    <section aria-labelledby="signoff-heading" className={box}>
      <h2 id="signoff-heading" tabIndex={-1} className="mb-3 text-base font-semibold">
        Sign-off and waiver
      </h2>
      <div className="space-y-4 text-sm">
        {item.signOff ? (
          <p className="flex items-start gap-2">
            <ShieldCheck aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            <span>
              {item.signOff.expired ? "The sign-off by " : "Signed off by "}
              <strong className="font-semibold">{item.signOff.by}</strong> <RelativeTime iso={item.signOff.at} />
              {item.signOff.expiresAt && (
                <>
                  {item.signOff.expired ? " expired " : "; it expires "}
                  <RelativeTime iso={item.signOff.expiresAt} />
                </>
              )}
              .{item.signOff.expired && " It needs signing again: an expired sign-off holds the launch."}
            </span>
          </p>
        ) : (
          <p>{item.signOffRequired ? "Needs an approver's sign-off once done; not signed off yet." : "This item needs no sign-off."}</p>
        )}
        {needsSignOff && viewer.canSignoff && (!item.signOff || item.signOff.expired) && (
          <div className="space-y-1">
            <Button
              onClick={() => void act("sign", () => signOffItem(projectId, item.id), `Signed off ${item.ref} ${item.title}.`, "signoff-heading")}
              disabled={why !== null}
              aria-describedby={why ? `${id}-why` : undefined}
              busy={busy === "sign"}
            >
              <ShieldCheck aria-hidden="true" className="size-4" />
              Sign off
            </Button>
            {why && (
              <p id={`${id}-why`} className="text-zinc-600 dark:text-zinc-400">
                {why}
              </p>
            )}
          </div>
        )}
        {needsSignOff && !viewer.canSignoff && <p className="text-zinc-600 dark:text-zinc-400">{why}</p>}

        <div className="border-t border-zinc-200 pt-4 dark:border-zinc-800">
          {item.waiver ? (
            <div className="space-y-2">
              <p className="flex items-start gap-2" data-testid="waiver">
                <ShieldAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
                <span>
                  Waived by <strong className="font-semibold">{item.waiver.by}</strong>: “{item.waiver.reason}”. {item.waiver.expired ? "The waiver expired " : "It lapses "}
                  <RelativeTime iso={item.waiver.expiresAt} />.
                </span>
              </p>
              {viewer.canSignoff && (
                <Button variant="secondary" busy={busy === "revoke"} onClick={() => void act("revoke", () => revokeWaiver(projectId, item.id), `Revoked the waiver on ${item.ref}; it holds the launch again until done.`, "signoff-heading")}>
                  Revoke waiver
                </Button>
              )}
            </div>
          ) : item.satisfied ? (
            <p className="text-zinc-600 dark:text-zinc-400">Complete; nothing to waive.</p>
          ) : !viewer.canSignoff ? (
            <p className="text-zinc-600 dark:text-zinc-400">Not waived. Approvers and admins can waive an open item with a reason and an expiry.</p>
          ) : waiving ? (
            <form onSubmit={waive} noValidate className="space-y-3">
              <TextAreaField id={`${id}-reason`} label="Why the launch may go without it" required value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} error={errors.reason} />
              <TextField id={`${id}-expires`} type="datetime-local" label="Waiver lapses at" required description="In your browser's time zone. Then the item holds the launch again." value={expires} onChange={(e) => setExpires(e.target.value)} error={errors.expiresAt} />
              <div className="flex flex-wrap gap-2">
                <Button type="submit" variant="danger" busy={busy === "waive"}>
                  Waive {item.ref}
                </Button>
                <Button variant="secondary" onClick={() => setWaiving(false)}>
                  Cancel
                </Button>
              </div>
            </form>
          ) : (
            <Button variant="secondary" onClick={() => (setWaiving(true), requestAnimationFrame(() => document.getElementById(`${id}-reason`)?.focus()))}>
              <ShieldAlert aria-hidden="true" className="size-4" />
              Waive…
            </Button>
          )}
        </div>
        {error !== null && <ErrorText error={error} fallback="That did not work. Try again." />}
      </div>
    </section>
  );
}
