import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = {
  from: string;
  to: string[];
  user: string | null;
  /** Whether the message came over TLS (smtps, or after STARTTLS). */
  secure: boolean;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
};

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * A real SMTP server on 127.0.0.1, as a mail provider behaves: AUTH PLAIN/LOGIN with one user, a per-address refusal
 * at RCPT TO (550 or 4xx), and a 451 "try again later" at the end of DATA when asked. STARTTLS is offered only when
 * credentials are given; `secure` makes it smtps (TLS from the first byte).
 */
export async function smtpReceiver(opts: { user: string; pass: string; tls?: { key: string; cert: string }; secure?: boolean }) {
  const received: ReceivedMail[] = [];
  const refusals = new Map<string, { code: number; message: string }>();
  let deferNext = false;
  let connections = 0;
  const server = new SMTPServer({
    logger: false,
    secure: opts.secure ?? false,
    ...(opts.tls ?? {}),
    disabledCommands: opts.tls ? [] : ["STARTTLS"],
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: !opts.tls,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === opts.user && auth.password === opts.pass) return callback(null, { user: auth.username });
      callback(smtpError(535, "5.7.8 Authentication credentials invalid"));
    },
    onRcptTo(address, _session, callback) {
      const refusal = refusals.get(address.address.toLowerCase());
      callback(refusal ? smtpError(refusal.code, refusal.message) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (deferNext) {
          deferNext = false;
          return callback(smtpError(451, "4.3.0 Try again later"));
        }
        const message = parseMessage(Buffer.concat(chunks).toString("latin1"));
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          user: (session.user as string | undefined) ?? null,
          secure: session.secure,
          ...message,
        });
        callback(null);
      });
    },
  });
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    connections: () => connections,
    refuse: (address: string, code: number, message: string) => refusals.set(address.toLowerCase(), { code, message }),
    deferNextMessage: () => (deferNext = true),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Just enough MIME for what nodemailer writes: headers, multipart/alternative, quoted-printable or base64 parts.
const utf8 = (latin1: string) => Buffer.from(latin1, "latin1").toString("utf8");
const qp = (text: string) => text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
const words = (value: string) =>
  value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : utf8(qp(text.replace(/_/g, " "))),
  );

function parseMessage(raw: string): Pick<ReceivedMail, "headers" | "subject" | "text" | "html"> {
  const out = { text: "", html: "" };
  const headers = walk(raw, out);
  return { headers, subject: words(headers.subject ?? ""), ...out };
}

function walk(raw: string, out: { text: string; html: string }): Record<string, string> {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const type = headers["content-type"] ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    for (const part of body.split(`--${boundary}`).slice(1, -1)) walk(part.replace(/^\r\n/, ""), out);
    return headers;
  }
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const decoded = encoding === "base64" ? Buffer.from(body, "base64").toString("utf8") : utf8(encoding === "quoted-printable" ? qp(body) : body);
  const content = decoded.replace(/\r\n/g, "\n").replace(/\n$/, "");
  if (type.startsWith("text/html")) out.html = content;
  else if (type.startsWith("text/plain")) out.text = content;
  return headers;
}
