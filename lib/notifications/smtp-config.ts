import { env } from "../env";

// Apart from the sender (smtp.ts) so the web process can ask whether e-mail is configured without loading nodemailer.

export type SmtpServer = { host: string; port: number; secure: boolean; user: string; pass: string };

/** Whether this instance can send e-mail: e-mail channels can be created only then. */
export const emailConfigured = () => Boolean(env.SMTP_URL);

const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** SMTP_URL read apart: smtps:// is TLS from the first byte (port 465 by default), smtp:// STARTTLS when offered (587). */
export function smtpServer(url = env.SMTP_URL): SmtpServer | null {
  if (!url) return null;
  const parsed = new URL(url);
  const secure = parsed.protocol === "smtps:";
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: Number(parsed.port || (secure ? 465 : 587)),
    secure,
    user: safeDecode(parsed.username),
    pass: safeDecode(parsed.password),
  };
}
