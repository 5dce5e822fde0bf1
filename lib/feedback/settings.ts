import { db } from "../db";
import { authorize, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { NotFoundError, parseInput } from "../errors";
import { env } from "../env";
import { ensureFeedbackSettings, newPublicKey } from "./intake";
import { encryptGithubSecret } from "./github";
import { forgetKey } from "./public";
import { ZFeedbackSettingsUpdate, type TFeedbackSettings } from "./schemas";
import type { FeedbackSettings } from "@prisma/client";

// A project's intake settings. The public key is public (it sits in the widget's script tag); the GitHub webhook
// secret is encrypted, bound to the project, and never returned — only whether one is set.


function toSettings(s: FeedbackSettings, slug: string): TFeedbackSettings {
  const origin = env.NEXTAUTH_URL.replace(/\/+$/, "");
  return {
    publicKey: s.publicKey,
    allowedOrigins: s.allowedOrigins,
    boardPublic: s.boardPublic,
    githubSecretSet: Boolean(s.githubSecretEncrypted),
    discordPublicKey: s.discordPublicKey,
    discordApplicationId: s.discordApplicationId,
    githubWebhookPath: `/api/v1/hooks/github/${slug}`,
    discordInteractionsPath: `/api/v1/hooks/discord/${slug}`,
    formPath: `/feedback/${slug}`,
    boardPath: `/feedback/${slug}/board`,
    widgetSnippet: `<script src="${origin}/widget.js" data-key="${s.publicKey}" async></script>`,
  };
}

async function slugOf(projectId: string) {
  const p = await db.project.findUnique({ where: { id: projectId }, select: { slug: true } });
  if (!p) throw new NotFoundError("Project");
  return p.slug;
}

export async function getFeedbackSettings({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<TFeedbackSettings> {
  await authorize(ctx, input.projectId, "feedback.read");
  return toSettings(await ensureFeedbackSettings(input.projectId), await slugOf(input.projectId));
}

export async function updateFeedbackSettings({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TFeedbackSettings> {
  await authorize(ctx, input.projectId, "feedback.manage");
  const patch = parseInput(ZFeedbackSettingsUpdate, input.data);
  const row = await db.$transaction(async (tx) => {
    const before = await ensureFeedbackSettings(input.projectId, tx);
    const row = await tx.feedbackSettings.update({
      where: { projectId: input.projectId },
      data: {
        ...(patch.allowedOrigins !== undefined ? { allowedOrigins: [...new Set(patch.allowedOrigins.map((o) => o.toLowerCase()))] } : {}),
        ...(patch.boardPublic !== undefined ? { boardPublic: patch.boardPublic } : {}),
        ...(patch.githubSecret !== undefined ? { githubSecretEncrypted: patch.githubSecret === null ? null : encryptGithubSecret(input.projectId, patch.githubSecret) } : {}),
        ...(patch.discordPublicKey !== undefined ? { discordPublicKey: patch.discordPublicKey?.toLowerCase() ?? null } : {}),
        ...(patch.discordApplicationId !== undefined ? { discordApplicationId: patch.discordApplicationId } : {}),
        ...(patch.rotatePublicKey ? { publicKey: newPublicKey() } : {}),
      },
    });
    // What changed, never the secret itself.
    const changed = Object.keys(patch).map((k) => (k === "githubSecret" ? (patch.githubSecret === null ? "githubSecret removed" : "githubSecret set") : k));
    await writeAudit(tx, ctx, {
      projectId: input.projectId,
      action: "feedback.settings",
      objectType: "feedback_settings",
      objectId: input.projectId,
      before: { allowedOrigins: before.allowedOrigins, boardPublic: before.boardPublic, githubSecretSet: Boolean(before.githubSecretEncrypted) },
      after: { changed, allowedOrigins: row.allowedOrigins, boardPublic: row.boardPublic, githubSecretSet: Boolean(row.githubSecretEncrypted) },
    });
    forgetKey(before.publicKey);
    return row;
  });
  return toSettings(row, await slugOf(input.projectId));
}
