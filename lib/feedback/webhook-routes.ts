import type { RouteDef } from "../api/handler";
import { GITHUB_MAX_BODY_BYTES, ZGithubHookResult, ZGithubWebhookDoc, receiveGithubWebhook } from "./github";
import { ZDiscordInteractionDoc, ZDiscordInteractionResponse, receiveDiscordInteraction } from "./discord";

const tag = "Feedback";

// Spread into ROUTES (lib/api/routes.ts). Raw public routes: no caller, no Origin check; each verb reads the exact
// bytes itself, because the signature it checks is over them. Set-up steps: the top of github.ts and discord.ts.
export const FEEDBACK_WEBHOOK_ROUTES: RouteDef[] = [
  {
    id: "feedback.hooks.github", method: "POST", path: "/hooks/github/{project}", tag,
    summary:
      `GitHub webhook (issues and issue_comment events, Content type application/json, at most ${GITHUB_MAX_BODY_BYTES / 1024 / 1024} MB): ` +
      "signed with X-Hub-Signature-256 by the project's GitHub secret, taken once per X-GitHub-Delivery. Issues become feedback items linked " +
      "back to the issue; edits, labels, closing, reopening, deletion, transfer and comments follow. Other events answer 202 {ignored}",
    auth: "public", mutating: true, raw: { bodyDoc: ZGithubWebhookDoc, contentTypes: ["application/json"] }, response: ZGithubHookResult,
    run: ({ ctx, params, req }) => receiveGithubWebhook({ ctx, input: { project: params.project, req } }),
  },
  {
    id: "feedback.hooks.discord", method: "POST", path: "/hooks/discord/{project}", tag,
    summary:
      "Discord interactions endpoint for the /feedback command: signed with X-Signature-Ed25519 and X-Signature-Timestamp by the application's " +
      "key (at most 5 minutes old). Answers PING, and stores /feedback as an item once per interaction, answering with a message only the member sees",
    auth: "public", mutating: true, raw: { bodyDoc: ZDiscordInteractionDoc, contentTypes: ["application/json"] }, response: ZDiscordInteractionResponse,
    run: ({ ctx, params, req }) => receiveDiscordInteraction({ ctx, input: { project: params.project, req } }),
  },
];
