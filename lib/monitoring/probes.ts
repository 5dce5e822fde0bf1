import { STATUS_CODES } from "node:http";
import { isIP } from "node:net";
import type { PeerCertificate } from "node:tls";
import { DEFAULT_MAX_BODY_BYTES, guardedFetch, type LookupFn } from "../net/guarded-fetch";
import { guardedConnect, guardedTlsConnect } from "../net/guarded-socket";
import { GuardedFetchError } from "../net/errors";
import type { NetworkPolicy } from "../net/policy";
import { assertJsonPath } from "./json-path";
import { statusMatches, type ProbeOutcome, type ProbeSpec } from "./schemas";

export type ProbeOptions = {
  /** The instance network policy: every kind of probe connects only to addresses it allows. */
  policy: NetworkPolicy;
  /** The caller's cancellation (a worker shutting down): the probe ends at once, as down. */
  signal?: AbortSignal;
  /** Replaces DNS (tests). */
  lookup?: LookupFn;
  /** TLS checks: certificate authorities trusted on top of Node's bundled ones (tests, or an instance's private CA). */
  extraCa?: string[];
};

type Spec<K extends ProbeSpec["kind"]> = Extract<ProbeSpec, { kind: K }>;

const BODY_CAP = DEFAULT_MAX_BODY_BYTES;
const BODY_CAP_MIB = BODY_CAP / 1024 / 1024;
const DAY_MS = 24 * 3600 * 1000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Probes one target once. Never throws for what the target does: every failure is a "down" outcome whose `error`
 * says what happened in a sentence, and secret header values never appear in `error` or `detail`.
 */
export async function runProbe(spec: ProbeSpec, options: ProbeOptions): Promise<ProbeOutcome> {
  const secrets = spec.kind === "http" ? Object.values(spec.secretHeaders) : [];
  let outcome: ProbeOutcome;
  try {
    if (spec.kind === "http") outcome = await probeHttp(spec, options);
    else if (spec.kind === "tls") outcome = await probeTls(spec, options);
    else outcome = await probeTcp(spec, options);
  } catch (error) {
    const sentence = error instanceof GuardedFetchError ? error.message : `The probe failed: ${(error as Error)?.message ?? String(error)}.`;
    outcome = { status: "down", latencyMs: null, error: sentence };
  }
  return redact(outcome, secrets);
}

async function probeHttp(spec: Spec<"http">, options: ProbeOptions): Promise<ProbeOutcome> {
  const settings = spec.settings;
  const started = performance.now();
  const res = await guardedFetch(settings.url, {
    policy: options.policy,
    method: settings.method,
    headers: { ...settings.headers, ...spec.secretHeaders },
    body: settings.body,
    redirect: settings.followRedirects ? "follow" : "manual",
    maxBodyBytes: BODY_CAP,
    timeoutMs: spec.timeoutMs,
    lookup: options.lookup,
    signal: options.signal,
  });
  const latencyMs = Math.round(performance.now() - started);
  const seen = { latencyMs, httpStatus: res.status };
  const down = (error: string): ProbeOutcome => ({ status: "down", ...seen, error });
  if (!statusMatches(settings.expectedStatus, res.status)) {
    const location = typeof res.headers.location === "string" ? ` (a redirect to ${res.headers.location})` : "";
    return down(`The server answered ${statusText(res.status)}${location}; expected ${settings.expectedStatus}.`);
  }
  const passed = [`${res.status} in ${latencyMs} ms`];
  const text = res.text();
  const { keyword, jsonPath } = settings;
  if (keyword) {
    const found = text.includes(keyword.text);
    const read = res.truncated ? `the first ${BODY_CAP_MIB} MiB of the body` : "the body";
    if (keyword.mode === "present" && !found) {
      const rest = res.truncated ? " (the rest was not read)" : "";
      return down(`${capitalize(read)} does not contain ${quote(keyword.text)}${rest}.`);
    }
    if (keyword.mode === "absent" && found) return down(`The body contains ${quote(keyword.text)}, which the check expects to be absent.`);
    passed.push(`${quote(keyword.text)} ${keyword.mode} in ${read}`);
  }
  if (jsonPath) {
    if (res.truncated) return down(`The body is larger than ${BODY_CAP_MIB} MiB, so it was not read as JSON for ${jsonPath.path}.`);
    const checked = assertJsonPath(text, jsonPath);
    if (!checked.ok) return down(checked.error);
    passed.push(`${jsonPath.path} is ${quote(checked.actual)}`);
  }
  const detail = passed.join(", ");
  if (settings.degradedAboveMs !== undefined && latencyMs > settings.degradedAboveMs) {
    const error = `The answer took ${latencyMs} ms, more than the ${settings.degradedAboveMs} ms above which the check counts as degraded.`;
    return { status: "degraded", ...seen, error, detail };
  }
  return { status: "up", ...seen, detail };
}

async function probeTls(spec: Spec<"tls">, options: ProbeOptions): Promise<ProbeOutcome> {
  const { host, port, warnDays } = spec.settings;
  const started = performance.now();
  const { socket } = await guardedTlsConnect(host, port, { ...connectOptions(spec, options), extraCa: options.extraCa, rejectUnauthorized: false });
  const latencyMs = Math.round(performance.now() - started);
  const cert = socket.getPeerCertificate();
  const { authorized, authorizationError } = socket;
  socket.destroy();
  const where = place(host, port);
  if (!cert?.valid_to) return { status: "down", latencyMs, error: `${where} did not present a TLS certificate.` };
  const expires = new Date(cert.valid_to);
  const certDaysLeft = Math.floor((expires.getTime() - Date.now()) / DAY_MS);
  const seen = { latencyMs, certDaysLeft };
  const certificate = `The TLS certificate of ${where}`;
  if (expires.getTime() <= Date.now()) return { status: "down", ...seen, error: `${certificate} expired on ${day(expires)}; renew it.` };
  if (!authorized) return { status: "down", ...seen, error: `${certificate} ${untrusted(String(authorizationError), host, cert)}` };
  if (certDaysLeft < warnDays) {
    return { status: "degraded", ...seen, error: `${certificate} expires ${inDays(certDaysLeft)} (${day(expires)}); renew it before then.` };
  }
  const detail = `Certificate valid for ${plural(certDaysLeft, "more day")} (until ${day(expires)}); handshake in ${latencyMs} ms.`;
  return { status: "up", ...seen, detail };
}

async function probeTcp(spec: Spec<"tcp">, options: ProbeOptions): Promise<ProbeOutcome> {
  const { host, port } = spec.settings;
  const started = performance.now();
  const { socket, address } = await guardedConnect(host, port, connectOptions(spec, options));
  const latencyMs = Math.round(performance.now() - started);
  socket.destroy();
  const via = isIP(bare(host)) ? "" : ` (${address})`;
  return { status: "up", latencyMs, detail: `${place(host, port)}${via} accepted a connection in ${latencyMs} ms.` };
}

const connectOptions = (spec: ProbeSpec, options: ProbeOptions) => ({
  policy: options.policy,
  timeoutMs: spec.timeoutMs,
  lookup: options.lookup,
  signal: options.signal,
});

/** Why a certificate is not trusted, as the end of a sentence that starts with "The TLS certificate of host:port". */
function untrusted(code: string, host: string, cert: PeerCertificate): string {
  if (code === "DEPTH_ZERO_SELF_SIGNED_CERT") return "is self-signed, so the worker does not trust it.";
  if (code === "SELF_SIGNED_CERT_IN_CHAIN") return "chains to a root the worker does not trust (a self-signed or private certificate authority).";
  if (code.startsWith("UNABLE_TO_")) {
    return "is signed by an authority the worker does not trust — is it from a private authority, or is the server missing its intermediate certificate?";
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const names = cert.subjectaltname?.replace(/(^|, )(DNS|IP Address):/g, "$1") || cert.subject?.CN || "no names";
    return `is not valid for the name ${bare(host)}; it covers ${names.length > 200 ? `${names.slice(0, 200)}…` : names}.`;
  }
  if (code === "CERT_NOT_YET_VALID") return `is not valid until ${day(new Date(cert.valid_from))}; is the server's or the worker's clock wrong?`;
  if (code === "CERT_REVOKED") return "has been revoked by its authority.";
  return `is not trusted by the worker (${code}).`;
}

function redact(outcome: ProbeOutcome, secrets: string[]): ProbeOutcome {
  const longestFirst = secrets.filter(Boolean).sort((a, b) => b.length - a.length);
  const clean = (text?: string) => (text === undefined ? undefined : longestFirst.reduce((out, secret) => out.split(secret).join("[secret]"), text));
  const { error, detail, ...rest } = outcome;
  return { ...rest, ...(error !== undefined ? { error: clean(error) } : {}), ...(detail !== undefined ? { detail: clean(detail) } : {}) };
}

const bare = (host: string) => host.replace(/^\[(.*)\]$/, "$1");
const place = (host: string, port: number) => (bare(host).includes(":") ? `[${bare(host)}]:${port}` : `${host}:${port}`);
const statusText = (status: number) => (STATUS_CODES[status] ? `${status} ${STATUS_CODES[status]}` : String(status));
const quote = (text: string) => JSON.stringify(text);
const capitalize = (text: string) => text[0].toUpperCase() + text.slice(1);
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
const inDays = (days: number) => (days < 1 ? "within a day" : `in ${plural(days, "day")}`);
const day = (date: Date) => `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
