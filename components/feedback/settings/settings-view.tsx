"use client";

import { useQuery } from "@tanstack/react-query";
import { ExternalLink, KeyRound, Lock } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { FormError } from "@/components/ui/form-error";
import { StatusPill } from "@/components/ui/status-pill";
import { useToast } from "@/components/ui/toast";
import { boardKeys, fetchSettings, type TFeedbackSettings } from "@/lib/queries/feedback-board";
import { DiscordSection, GithubSection } from "./integrations";
import { OriginsEditor } from "./origins";
import { CopyValue, Section, useOrigin, useSaveSettings } from "./parts";

type Props = { projectId: string; projectSlug: string; initial: TFeedbackSettings; canManage: boolean; serverOrigin: string };

const JUMPS = [
  ["form", "Form"],
  ["widget", "Widget"],
  ["origins", "Allowed origins"],
  ["board", "Public board"],
  ["github", "GitHub"],
  ["discord", "Discord"],
] as const;
const link = "font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300";

/** Where feedback comes in from, each with what to paste where; admins change them, everyone else reads them. */
export function SettingsView({ projectId, projectSlug, initial, canManage, serverOrigin }: Props) {
  const { data: settings, error } = useQuery({ queryKey: boardKeys.settings(projectId), queryFn: () => fetchSettings(projectId), initialData: initial });
  const origin = useOrigin(serverOrigin);
  const abs = (path: string) => origin + path;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Feedback intake</h1>
        <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          Where post-launch feedback comes from: a public form, a widget on your own site, GitHub issues and Discord. Everything lands in the one triage inbox.
        </p>
      </div>
      <nav aria-label="On this page" className="text-sm">
        <ul className="flex flex-wrap gap-x-4 gap-y-1.5">
          {JUMPS.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}-heading`} className={link}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {!canManage && (
        <Alert tone="info" title="Read only">
          Project admins change these settings. You can copy the links and the snippet.
        </Alert>
      )}
      {error ? <ErrorText error={error} fallback="The settings could not be refreshed. Reload the page to try again." /> : null}

      <Section id="form" title="Feedback form" intro="A page anyone can open without an account: share it in your app's help menu, a launch e-mail or a support reply.">
        <CopyValue label="Form link" value={abs(settings.formPath)} copyLabel="Copy link" />
        <p className="text-sm">
          <a href={settings.formPath} target="_blank" rel="noopener" className={`${link} inline-flex items-center gap-1`}>
            Open the form
            <ExternalLink aria-hidden="true" className="size-3.5" />
            <span className="sr-only">(opens in a new tab)</span>
          </a>
        </p>
      </Section>

      <Section id="widget" title="Website widget" intro="A small feedback button on your own site. It sends the page address and browser details along with what people write.">
        <ol className="list-decimal space-y-2 pl-5 text-sm text-zinc-800 marker:font-semibold dark:text-zinc-200">
          <li>Copy the snippet and paste it before the closing &lt;/body&gt; tag of every page that should show the button.</li>
          <li>List your site under Allowed origins below, so only your pages can post with this key.</li>
        </ol>
        <div className="space-y-1.5">
          <p id="snippet-label" className="text-sm font-medium">
            Snippet
          </p>
          <pre aria-labelledby="snippet-label" tabIndex={0} className="max-w-full overflow-x-auto rounded-md border border-zinc-300 bg-zinc-50 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all dark:border-zinc-700 dark:bg-zinc-950">
            <code>{settings.widgetSnippet}</code>
          </pre>
          <CopyButton value={settings.widgetSnippet} label="Copy snippet" />
        </div>
        <PublicKey projectId={projectId} settings={settings} canManage={canManage} />
      </Section>

      <Section id="origins" title="Allowed origins" intro="The sites whose pages may post through the widget. With none listed, a page on any site may use the key (it is public: it sits in your pages' source).">
        <OriginsEditor projectId={projectId} origins={settings.allowedOrigins} canManage={canManage} />
      </Section>

      <BoardSection projectId={projectId} settings={settings} canManage={canManage} boardUrl={abs(settings.boardPath)} />
      <GithubSection projectId={projectId} settings={settings} canManage={canManage} webhookUrl={abs(settings.githubWebhookPath)} />
      <DiscordSection projectId={projectId} projectSlug={projectSlug} settings={settings} canManage={canManage} interactionsUrl={abs(settings.discordInteractionsPath)} />
    </div>
  );
}

function PublicKey({ projectId, settings, canManage }: { projectId: string; settings: TFeedbackSettings; canManage: boolean }) {
  const toast = useToast();
  const [confirm, setConfirm] = useState(false);
  const { save, busy, error, clearError } = useSaveSettings(projectId);
  async function rotate() {
    const next = await save({ rotatePublicKey: true });
    if (!next) return;
    setConfirm(false);
    toast({ message: "New public key made. Paste the new snippet into your site; the old key no longer works." });
    document.getElementById("snippet-label")?.scrollIntoView({ block: "center" });
  }
  return (
    <div className="space-y-1.5 border-t border-zinc-200 pt-4 dark:border-zinc-800">
      <p className="flex items-center gap-1.5 text-sm font-medium">
        <KeyRound aria-hidden="true" className="size-4" />
        Public key
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code className="min-w-0 rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-sm break-all dark:border-zinc-700 dark:bg-zinc-950">{settings.publicKey}</code>
        {canManage && (
          <Button variant="secondary" onClick={() => (clearError(), setConfirm(true))} aria-haspopup="dialog">
            Rotate key
          </Button>
        )}
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">Part of the snippet. Rotate it if someone misuses it: widgets with the old key stop working until you paste the new snippet.</p>
      <ConfirmDialog
        open={confirm}
        onClose={() => setConfirm(false)}
        title="Rotate the public key?"
        confirmLabel="Rotate the key"
        onConfirm={rotate}
        busy={busy}
        error={<FormError error={error} title="The key was not rotated" />}
      >
        <p>
          Widgets with the key <code className="font-mono break-all">{settings.publicKey}</code> stop working at once: their posts are refused until you paste the new snippet into your site. The form link, GitHub and Discord are not affected.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function BoardSection({ projectId, settings, canManage, boardUrl }: { projectId: string; settings: TFeedbackSettings; canManage: boolean; boardUrl: string }) {
  const toast = useToast();
  const { save, busy, error } = useSaveSettings(projectId);
  async function set(boardPublic: boolean, undo = true) {
    const next = await save({ boardPublic });
    if (!next) return;
    toast({
      message: boardPublic ? "The public board is published: anyone with the link sees accepted ideas and bugs." : "The public board is hidden: its link now says the board is not public.",
      action: undo ? { label: "Undo", run: () => void set(!boardPublic, false) } : undefined,
    });
  }
  return (
    <Section
      id="board"
      title="Public board"
      badge={settings.boardPublic ? <StatusPill tone="success" label="Published" /> : <StatusPill tone="neutral" label="Not published" />}
      intro="A read-only page where users see accepted ideas and bugs by status (planned, in progress, fixed, released) and add a +1. Titles show as they were written; nothing else of a report is published."
    >
      {canManage ? (
        <label className="flex items-start gap-3 text-sm">
          <input
            type="checkbox"
            role="switch"
            checked={settings.boardPublic}
            aria-busy={busy || undefined}
            onChange={(e) => !busy && void set(e.target.checked)}
            className="mt-0.5 size-5 shrink-0 accent-indigo-600"
          />
          <span>
            <span className="font-medium">Publish the board</span>
            <span className="block text-zinc-600 dark:text-zinc-400">Saved as soon as you change it; you can undo from the message that follows.</span>
          </span>
        </label>
      ) : (
        <p className="flex items-center gap-1.5 text-sm text-zinc-700 dark:text-zinc-300">
          <Lock aria-hidden="true" className="size-4" />
          {settings.boardPublic ? "The board is published." : "The board is not published."} Project admins change this.
        </p>
      )}
      <FormError error={error} title="The board setting was not saved" />
      {settings.boardPublic ? (
        <CopyValue label="Board link" value={boardUrl} copyLabel="Copy link" />
      ) : (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          While it is not published, <span className="font-mono break-all">{boardUrl}</span> answers that the board is not public.
        </p>
      )}
    </Section>
  );
}
