"use client";

import { ExternalLink, Lock, Shuffle } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { StatusPill } from "@/components/ui/status-pill";
import { useToast } from "@/components/ui/toast";
import type { TFeedbackSettings } from "@/lib/queries/feedback-board";
import { CopyValue, Section, Steps, useSaveSettings } from "./parts";

type Props = { projectId: string; settings: TFeedbackSettings; canManage: boolean };
const link = "font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300";
const Ext = ({ href, children }: { href: string; children: string }) => (
  <a href={href} target="_blank" rel="noopener noreferrer" className={`${link} inline-flex items-center gap-1`}>
    {children}
    <ExternalLink aria-hidden="true" className="size-3.5" />
    <span className="sr-only">(opens in a new tab)</span>
  </a>
);
const SECRET_MIN = 16;

/** 32 random bytes, base64url: what GitHub's form takes as a webhook secret. */
function randomSecret() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function GithubSection({ projectId, settings, canManage, webhookUrl }: Props & { webhookUrl: string }) {
  const id = useId();
  const toast = useToast();
  const { save, busy, error, clearError } = useSaveSettings(projectId);
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const showForm = canManage && (editing || !settings.githubSecretSet) && !saved;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const value = secret.trim();
    if (value.length < SECRET_MIN) {
      setFieldError(`Use at least ${SECRET_MIN} characters; Generate makes a strong one.`);
      document.getElementById(`${id}-secret`)?.focus();
      return;
    }
    const next = await save({ githubSecret: value });
    if (!next) return;
    setSaved(value);
    setSecret("");
    setEditing(false);
    toast({ message: "GitHub secret saved. Paste the same secret into GitHub's webhook form." });
  }
  async function remove() {
    const next = await save({ githubSecret: null });
    if (!next) return;
    setConfirmRemove(false);
    setSaved(null);
    toast({ message: "GitHub secret removed: GitHub deliveries are refused until a new one is set." });
  }

  return (
    <Section
      id="github"
      title="GitHub issues"
      badge={settings.githubSecretSet ? <StatusPill tone="success" label="Secret set" /> : <StatusPill tone="warning" label="No secret: deliveries refused" />}
      intro="New issues in a repository come into the inbox, and comments on them follow as comments. GitHub signs each delivery with a secret you share with T-Minus."
    >
      <Steps label="Connect a GitHub repository">
        <li>
          <p className="font-medium">Set a secret here.</p>
          {saved ? (
            <div className="mt-2 space-y-2 rounded-md border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950">
              <p>Saved. Copy it now for step 4: T-Minus keeps it write-only and will not show it again.</p>
              <div className="flex flex-wrap items-center gap-2">
                <code className="min-w-0 rounded border border-emerald-300 bg-white px-2 py-1 font-mono text-xs break-all dark:border-emerald-800 dark:bg-zinc-950">{saved}</code>
                <CopyButton value={saved} label="Copy secret" />
              </div>
              <Button variant="secondary" onClick={() => setSaved(null)}>
                Done, hide it
              </Button>
            </div>
          ) : settings.githubSecretSet && !editing ? (
            <div className="mt-1 space-y-2">
              <p className="flex items-center gap-1.5 text-zinc-700 dark:text-zinc-300">
                <Lock aria-hidden="true" className="size-4" />A secret is set. It is never shown; to change it, replace it here and in GitHub.
              </p>
              {canManage && (
                <div className="flex flex-wrap gap-2">
                  <Button variant="secondary" onClick={() => (clearError(), setEditing(true))}>
                    Replace secret
                  </Button>
                  <Button variant="ghost" className="text-red-700 dark:text-red-400" onClick={() => (clearError(), setConfirmRemove(true))} aria-haspopup="dialog">
                    Remove secret
                  </Button>
                </div>
              )}
            </div>
          ) : !canManage ? (
            <p className="mt-1 text-zinc-700 dark:text-zinc-300">No secret is set yet. A project admin sets it here.</p>
          ) : null}
          {showForm && (
            <form onSubmit={submit} noValidate className="mt-2 space-y-2">
              <div className="flex flex-wrap items-end gap-2">
                <TextField
                  id={`${id}-secret`}
                  className="min-w-0 flex-1 basis-72"
                  label={settings.githubSecretSet ? "New secret" : "Secret"}
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={200}
                  value={secret}
                  onChange={(e) => (setSecret(e.target.value), setFieldError(undefined))}
                  error={fieldError}
                />
                <Button variant="secondary" onClick={() => (setSecret(randomSecret()), setFieldError(undefined))}>
                  <Shuffle aria-hidden="true" className="size-4" />
                  Generate
                </Button>
              </div>
              <FormError error={error} title="The secret was not saved" />
              <div className="flex flex-wrap gap-2">
                <Button type="submit" busy={busy}>
                  Save secret
                </Button>
                {editing && (
                  <Button variant="ghost" onClick={() => (setEditing(false), setSecret(""), setFieldError(undefined))}>
                    Cancel
                  </Button>
                )}
              </div>
            </form>
          )}
        </li>
        <li>
          In GitHub, open the repository&apos;s <strong>Settings → Webhooks</strong> and choose <strong>Add webhook</strong>.
        </li>
        <li>
          <CopyValue label="Payload URL: paste this" value={webhookUrl} copyLabel="Copy URL" />
        </li>
        <li>
          <strong>Content type:</strong> <code className="font-mono">application/json</code>. <strong>Secret:</strong> the secret from step 1.
        </li>
        <li>
          Under <strong>Which events would you like to trigger this webhook?</strong> choose <strong>Let me select individual events</strong>, tick <strong>Issues</strong> and <strong>Issue comments</strong>, and untick <strong>Pushes</strong>.
        </li>
        <li>
          Keep <strong>Active</strong> ticked and choose <strong>Add webhook</strong>. GitHub sends a ping at once; its Recent Deliveries tab shows whether T-Minus accepted it. See{" "}
          <Ext href="https://docs.github.com/webhooks/using-webhooks/creating-webhooks">GitHub&apos;s guide</Ext>.
        </li>
      </Steps>
      <ConfirmDialog open={confirmRemove} onClose={() => setConfirmRemove(false)} title="Remove the GitHub secret?" confirmLabel="Remove secret" onConfirm={remove} busy={busy} error={<FormError error={error} title="The secret was not removed" />}>
        <p>GitHub deliveries are refused from then on: new issues and comments stop coming into the inbox until you set a new secret here and in GitHub. Items already in the inbox stay.</p>
      </ConfirmDialog>
    </Section>
  );
}

export function DiscordSection({ projectId, projectSlug, settings, canManage, interactionsUrl }: Props & { projectSlug: string; interactionsUrl: string }) {
  // scripts/discord-register.ts (docs/feedback.md, "Discord"): the token comes from the environment, not the command line.
  const registerCommand = `DISCORD_BOT_TOKEN=<bot token> npx tsx scripts/discord-register.ts ${projectSlug}`;
  const id = useId();
  const toast = useToast();
  const { save, busy, error } = useSaveSettings(projectId);
  const [form, setForm] = useState<{ publicKey: string; applicationId: string } | null>(null);
  const values = form ?? { publicKey: settings.discordPublicKey ?? "", applicationId: settings.discordApplicationId ?? "" };
  const [errors, setErrors] = useState<Record<string, string>>({});
  const configured = Boolean(settings.discordPublicKey && settings.discordApplicationId);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const publicKey = values.publicKey.trim();
    const applicationId = values.applicationId.trim();
    const local: Record<string, string> = {};
    if (applicationId && !/^\d{5,25}$/.test(applicationId)) local.discordApplicationId = "The application id is a long number, as shown under General Information.";
    if (publicKey && !/^[0-9a-f]{64}$/i.test(publicKey)) local.discordPublicKey = "The public key is 64 hexadecimal digits (0–9, a–f), as shown under General Information.";
    setErrors(local);
    if (Object.keys(local).length) {
      document.getElementById(`${id}-${Object.keys(local)[0]}`)?.focus();
      return;
    }
    const next = await save({ discordPublicKey: publicKey || null, discordApplicationId: applicationId || null });
    if (!next) {
      return;
    }
    setForm(null);
    toast({ message: next.discordPublicKey && next.discordApplicationId ? "Discord keys saved. Paste the interactions URL into the Developer Portal next." : "Discord keys saved." });
  }
  const serverErrors = error?.fieldErrors() ?? {};

  return (
    <Section
      id="discord"
      title="Discord"
      badge={configured ? <StatusPill tone="success" label="Keys saved" /> : <StatusPill tone="neutral" label="Not set up" />}
      intro="People in your Discord server report bugs and ideas without leaving Discord. Discord signs each interaction with your application's key; T-Minus checks it."
    >
      <Steps label="Connect a Discord application">
        <li>
          In the <Ext href="https://discord.com/developers/applications">Discord Developer Portal</Ext>, create an application (or open yours) and stay on its <strong>General Information</strong> page.
        </li>
        <li>
          <p>Copy its Application ID and Public Key here and save.</p>
          {canManage ? (
            <form onSubmit={submit} noValidate className="mt-2 space-y-3">
              <div className="grid gap-3 md:grid-cols-2">
                <TextField
                  id={`${id}-discordApplicationId`}
                  label="Application ID"
                  inputMode="numeric"
                  autoComplete="off"
                  spellCheck={false}
                  value={values.applicationId}
                  onChange={(e) => setForm({ ...values, applicationId: e.target.value })}
                  error={errors.discordApplicationId ?? serverErrors.discordApplicationId}
                />
                <TextField
                  id={`${id}-discordPublicKey`}
                  label="Public key"
                  autoComplete="off"
                  spellCheck={false}
                  value={values.publicKey}
                  onChange={(e) => setForm({ ...values, publicKey: e.target.value })}
                  error={errors.discordPublicKey ?? serverErrors.discordPublicKey}
                  description="Not the bot token or the client secret: T-Minus needs neither."
                />
              </div>
              <FormError error={error} title="The Discord keys were not saved" />
              <Button type="submit" busy={busy} disabled={form === null}>
                Save Discord keys
              </Button>
            </form>
          ) : (
            <dl className="mt-2 grid gap-2 text-sm sm:grid-cols-2">
              <div>
                <dt className="font-medium">Application ID</dt>
                <dd className="font-mono break-all text-zinc-700 dark:text-zinc-300">{settings.discordApplicationId ?? "not set"}</dd>
              </div>
              <div>
                <dt className="font-medium">Public key</dt>
                <dd className="font-mono break-all text-zinc-700 dark:text-zinc-300">{settings.discordPublicKey ?? "not set"}</dd>
              </div>
            </dl>
          )}
        </li>
        <li>
          <CopyValue label="Interactions endpoint URL: paste this into the same page and save there" value={interactionsUrl} copyLabel="Copy URL" />
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Discord checks the URL at once by sending a signed ping, which T-Minus can answer only after step 2 is saved.</p>
        </li>
        <li>
          Under <strong>Installation</strong>, make an install link with the scope <code className="font-mono">applications.commands</code> and add the application to your server.
        </li>
        <li>
          <p>
            <span className="font-medium">Optional, once:</span> register the <code className="font-mono">/feedback</code> command, which members then type as{" "}
            <code className="font-mono break-words">/feedback type:Bug title:… details:…</code>. Until it is registered, the connection is verified but members have no command to type. A T-Minus
            operator runs this on the server with the application&apos;s bot token (Bot → Reset Token), which is used for that one request and never stored; it replaces the application&apos;s other
            global commands, so use an application made for this:
          </p>
          <div className="mt-2">
            <CopyValue label="Command for the T-Minus server" value={registerCommand} copyLabel="Copy command" />
          </div>
        </li>
      </Steps>
    </Section>
  );
}
