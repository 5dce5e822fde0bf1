import { truncate, type RenderContext } from "./formats";
import type { NotificationData } from "./schemas";

export type EmailBody = { subject: string; text: string; html: string };

// A subject is one line; mail clients cut it near 80 characters anyway.
export const SUBJECT_MAX = 200;

// Text from people goes into HTML only through this: a title like "<img onerror=…>" stays text.
export const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

// The accent only repeats what the title says (never colour alone).
const ACCENT = { info: "#2563eb", success: "#16a34a", warning: "#d97706", danger: "#dc2626" } as const;

/** Subject "[Project] Title", a plain-text body and the same as simple HTML: title, text, fields, link, footer. */
export function renderEmail(data: NotificationData, ctx: RenderContext): EmailBody {
  const subject = truncate(oneLine(`[${ctx.project.name}] ${data.title}`), SUBJECT_MAX);
  const fields = data.fields ?? [];
  const footer = `Sent by T-Minus for the project ${ctx.project.name} (${ctx.event}).`;

  // "-- " (with the space) is the signature separator mail clients recognise.
  const text = [
    data.title,
    data.text.trim() ? data.text : null,
    fields.length ? fields.map((f) => `${f.name}: ${f.value}`).join("\n") : null,
    data.url ? `Open in T-Minus: ${data.url}` : null,
    `-- \n${footer}`,
  ]
    .filter((part) => part !== null)
    .join("\n\n");

  const rows = fields
    .map((f) => `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 16px 2px 0">${escapeHtml(f.name)}</th><td style="padding:2px 0;white-space:pre-wrap">${escapeHtml(f.value)}</td></tr>`)
    .join("");
  const html = [
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:24px;background:#ffffff;color:#18181b;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:14px;line-height:1.5">`,
    `<div style="max-width:600px;border-left:4px solid ${ACCENT[data.severity]};padding-left:16px">`,
    `<h1 style="margin:0 0 12px;font-size:18px">${escapeHtml(data.title)}</h1>`,
    data.text.trim() ? `<p style="margin:0 0 16px;white-space:pre-wrap">${escapeHtml(data.text)}</p>` : "",
    rows ? `<table style="margin:0 0 16px;border-collapse:collapse">${rows}</table>` : "",
    data.url ? `<p style="margin:0 0 16px"><a href="${escapeHtml(data.url)}" style="color:#1d4ed8">Open in T-Minus</a></p>` : "",
    `<p style="margin:24px 0 0;color:#52525b;font-size:12px">${escapeHtml(footer)}</p>`,
    `</div></body></html>`,
  ].join("");
  return { subject, text, html };
}
