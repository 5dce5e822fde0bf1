import tls from "node:tls";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { env } from "../env";
import { GuardedFetchError } from "../net/errors";
import type { LookupFn } from "../net/guarded-fetch";
import { guardedConnect } from "../net/guarded-socket";
import type { NetworkPolicy } from "../net/policy";
import type { EmailBody } from "./email-format";
import { smtpServer, type SmtpServer } from "./smtp-config";

export type MailOutcome = { ok: true; note: string | null } | { ok: false; retry: boolean; error: string };

export type SendEmailInput = {
  to: string[];
  body: EmailBody;
  /** Becomes the Message-ID, so a message sent twice (a worker died after sending) is recognisably one. */
  deliveryId: string;
  event: string;
  policy: NetworkPolicy;
  /** Tests: a server other than SMTP_URL's, DNS replaced, a private CA trusted for STARTTLS and smtps. */
  server?: SmtpServer;
  from?: string;
  lookup?: LookupFn;
  extraCa?: string[];
};

const CONNECT_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

type SmtpError = Error & { code?: string; responseCode?: number; response?: string };

/**
 * Sends one message to all recipients. The socket comes from the guarded connector (host resolved once, every address
 * checked against the network policy, connected to a checked address); nodemailer still knows the host name, so SNI and
 * the certificate check of smtps and STARTTLS use it. Errors quote the server without recipients or credentials.
 */
export async function sendEmail(input: SendEmailInput): Promise<MailOutcome> {
  const server = input.server ?? smtpServer();
  const from = input.from ?? env.SMTP_FROM;
  if (!server || !from) {
    return { ok: false, retry: false, error: "E-mail is not configured on this instance (SMTP_URL is unset): an instance admin must set SMTP_URL and SMTP_FROM, or delete this channel." };
  }
  const where = `${server.host.includes(":") ? `[${server.host}]` : server.host}:${server.port}`;
  const scrub = scrubber(input.to, server);
  const options: SMTPTransport.Options = {
    host: server.host,
    port: server.port,
    secure: server.secure,
    auth: server.user ? { user: server.user, pass: server.pass } : undefined,
    getSocket: (_options, callback) => {
      guardedConnect(server.host, server.port, { policy: input.policy, timeoutMs: CONNECT_TIMEOUT_MS, lookup: input.lookup }).then(
        ({ socket }) => callback(null, { connection: socket }),
        (error: Error) => callback(error, undefined),
      );
    },
    tls: { minVersion: "TLSv1.2", ...(input.extraCa?.length ? { ca: [...tls.rootCertificates, ...input.extraCa] } : {}) },
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    logger: false,
    debug: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  const transport = nodemailer.createTransport(options);
  try {
    const info = await transport.sendMail({
      from,
      to: input.to,
      subject: input.body.subject,
      text: input.body.text,
      html: input.body.html,
      messageId: `<${input.deliveryId}@${domainOf(from)}>`,
      // RFC 3834: out-of-office and other auto-responders do not answer machine mail.
      headers: { "Auto-Submitted": "auto-generated", "X-TMinus-Event": input.event, "X-TMinus-Delivery": input.deliveryId },
    });
    const refused = (info.rejected ?? []).length;
    if (!refused) return { ok: true, note: null };
    const first = (info as { rejectedErrors?: SmtpError[] }).rejectedErrors?.[0]?.response;
    const said = first ? ` (${scrub(first)})` : "";
    return { ok: true, note: `Sent, but the mail server refused ${refused} of ${input.to.length} recipients${said}; check the channel's addresses.` };
  } catch (error) {
    return judgeSmtpError(error, where, scrub);
  } finally {
    transport.close();
  }
}

const domainOf = (from: string) => /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? "tminus.invalid";

/** Replaces recipients and the SMTP credentials in text quoted from the server or from nodemailer. */
export function scrubber(recipients: string[], server: Pick<SmtpServer, "user" | "pass">) {
  const secrets = [
    ...recipients.map((r) => [r, "[recipient]"] as const),
    ...(server.pass.length >= 4 ? [[server.pass, "[redacted]"] as const] : []),
    ...(server.user.length >= 3 ? [[server.user, "[redacted]"] as const] : []),
  ];
  return (text: string) => {
    let out = text.replace(/\s+/g, " ").trim();
    for (const [secret, shown] of secrets) out = out.replace(new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), shown);
    return out.slice(0, 300);
  };
}

const TLS_TROUBLE = /certificate|self[- ]signed|\bTLS\b|\bSSL\b|handshake/i;

/**
 * SMTP's own rule decides: a 5xx reply is permanent (sending again gets the same answer), a 4xx reply asks to try
 * later, and so do network failures. The instance's policy refusing the host does not change by itself.
 */
export function judgeSmtpError(error: unknown, where: string, scrub: (text: string) => string): MailOutcome {
  if (error instanceof GuardedFetchError) {
    const final = error.code === "refused_by_policy";
    return { ok: false, retry: !final, error: final ? error.message : `${error.message} (${error.code})` };
  }
  const e = error as SmtpError;
  const said = scrub(e.response ?? e.message ?? String(error));
  const reply = typeof e.responseCode === "number" ? e.responseCode : null;
  if (reply !== null && reply >= 400) {
    const permanent = reply >= 500;
    const what = e.code === "EENVELOPE" ? "the recipients" : "the message";
    if (e.code === "EAUTH") {
      return { ok: false, retry: !permanent, error: `The mail server at ${where} refused T-Minus's login (${said}); an instance admin must check the user and password in SMTP_URL.` };
    }
    if (permanent) {
      const hint = e.code === "EENVELOPE" ? "; check the channel's addresses" : "";
      return { ok: false, retry: false, error: `The mail server at ${where} refused ${what} (${said})${hint}.` };
    }
    return { ok: false, retry: true, error: `The mail server at ${where} asked to try ${what} again later (${said}).` };
  }
  if (e.code === "EAUTH") {
    return { ok: false, retry: false, error: `The mail server at ${where} did not accept T-Minus's login (${said}); an instance admin must check SMTP_URL.` };
  }
  if (e.code === "EENVELOPE" || e.code === "EMESSAGE") return { ok: false, retry: false, error: `The message could not be sent (${said}).` };
  if (e.code === "ETIMEDOUT") return { ok: false, retry: true, error: `The mail server at ${where} did not answer in time (${said}).` };
  if (TLS_TROUBLE.test(said)) {
    return { ok: false, retry: true, error: `The TLS connection to the mail server at ${where} failed (${said}); is its certificate valid for ${where.replace(/:\d+$/, "")} and trusted?` };
  }
  return { ok: false, retry: true, error: `The connection to the mail server at ${where} failed (${said}).` };
}
