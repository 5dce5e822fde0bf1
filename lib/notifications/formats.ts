import type { NotificationData } from "./schemas";

// Pure renderers: they see the event and its data, never the channel or its URL, so a body cannot carry the secret.

export type RenderContext = {
  event: string;
  project: { id: string; name: string; slug: string };
  sentAt: Date;
};

/** Cuts to at most `max` UTF-16 units with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1])) end--;
  return `${text.slice(0, end)}…`;
}

const EMOJI = { info: "ℹ️", success: "✅", warning: "⚠️", danger: "🚨" } as const;

// Slack Block Kit limits (header plain_text 150, section text 3000, ≤10 section fields of 2000, ≤10 context elements).
export const SLACK_LIMITS = { header: 150, sectionText: 3000, fields: 10, fieldText: 2000, fallback: 3000 } as const;

// Slack reads &, < and > as markup (<!channel> pings everyone), so text from people is escaped before it goes in.
const slackEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function renderSlack(data: NotificationData, ctx: RenderContext) {
  const fields = data.fields ?? [];
  const blocks: Record<string, unknown>[] = [
    { type: "header", text: { type: "plain_text", text: truncate(`${EMOJI[data.severity]} ${data.title}`, SLACK_LIMITS.header), emoji: true } },
  ];
  if (data.text.trim()) blocks.push({ type: "section", text: { type: "mrkdwn", text: truncate(slackEscape(data.text), SLACK_LIMITS.sectionText) } });
  if (fields.length) {
    blocks.push({
      type: "section",
      fields: fields.slice(0, SLACK_LIMITS.fields).map((f) => ({
        type: "mrkdwn",
        text: truncate(`*${slackEscape(f.name)}*\n${slackEscape(f.value)}`, SLACK_LIMITS.fieldText),
      })),
    });
  }
  const more = fields.length > SLACK_LIMITS.fields ? ` · ${fields.length - SLACK_LIMITS.fields} more fields not shown` : "";
  const link = data.url ? ` · <${data.url}|Open in T-Minus>` : "";
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: `*${slackEscape(ctx.project.name)}* · ${ctx.event}${more}${link}` }],
  });
  // `text` is what notifications and screen readers show when blocks are present.
  return { text: truncate(`${data.title}${data.text.trim() ? ` — ${data.text}` : ""}`, SLACK_LIMITS.fallback), blocks };
}

// Discord "Execute Webhook": content ≤ 2000; embed title 256, description 4096, ≤ 25 fields (name 256, value 1024),
// footer 2048, and all of an embed's text together ≤ 6000.
export const DISCORD_LIMITS = { content: 2000, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 } as const;

export const DISCORD_COLORS = { info: 0x3b82f6, success: 0x22c55e, warning: 0xf59e0b, danger: 0xef4444 } as const;

// Discord refuses an empty field name or value with HTTP 400.
const nonEmpty = (text: string) => (text.trim() ? text : "—");

export function renderDiscord(data: NotificationData, ctx: RenderContext) {
  const title = truncate(data.title, DISCORD_LIMITS.title);
  const footer = truncate(`${ctx.project.name} · ${ctx.event}`, DISCORD_LIMITS.footer);
  const fields = (data.fields ?? []).slice(0, DISCORD_LIMITS.fields).map((f) => ({
    name: truncate(nonEmpty(f.name), DISCORD_LIMITS.fieldName),
    value: truncate(nonEmpty(f.value), DISCORD_LIMITS.fieldValue),
    inline: f.value.length <= 40,
  }));
  const fieldChars = (list: typeof fields) => list.reduce((n, f) => n + f.name.length + f.value.length, 0);
  // Over the 6000 total, fields go from the end first (the description says what happened), then the description shrinks.
  while (fields.length && title.length + footer.length + fieldChars(fields) > DISCORD_LIMITS.total - 500) fields.pop();
  const room = DISCORD_LIMITS.total - title.length - footer.length - fieldChars(fields);
  const description = truncate(data.text, Math.min(DISCORD_LIMITS.description, room));
  const embed: Record<string, unknown> = {
    title,
    color: DISCORD_COLORS[data.severity],
    footer: { text: footer },
    timestamp: ctx.sentAt.toISOString(),
  };
  if (description.trim()) embed.description = description;
  if (data.url) embed.url = data.url;
  if (fields.length) embed.fields = fields;
  return {
    content: truncate(`${EMOJI[data.severity]} ${data.title}`, Math.min(200, DISCORD_LIMITS.content)),
    embeds: [embed],
    // Text from people may contain @everyone or role mentions; a notification never pings anyone.
    allowed_mentions: { parse: [] },
  };
}

export function renderJson(data: NotificationData, ctx: RenderContext) {
  return {
    event: ctx.event,
    project: ctx.project,
    title: data.title,
    text: data.text,
    url: data.url ?? null,
    severity: data.severity,
    fields: data.fields ?? [],
    sentAt: ctx.sentAt.toISOString(),
  };
}

export const RENDERERS = { slack: renderSlack, discord: renderDiscord, json: renderJson } as const;
