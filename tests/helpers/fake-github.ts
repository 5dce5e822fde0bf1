import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for GitHub's OAuth web flow and the two REST endpoints sign-in reads, answering with the
// shapes and errors GitHub documents:
// https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
// https://docs.github.com/en/rest/users/users#get-the-authenticated-user
// https://docs.github.com/en/rest/users/emails#list-email-addresses-for-the-authenticated-user

export type FakeGithubEmail = { email: string; primary: boolean; verified: boolean; visibility: "public" | "private" | null };
export type FakeGithubUser = { id: number; login: string; name: string | null; email: string | null; emails: FakeGithubEmail[] };
export type RecordedRequest = { method: string; path: string; query: Record<string, string>; headers: Record<string, string>; body: Record<string, string> };

export type FakeGithubOptions = {
  clientId: string;
  clientSecret: string;
  user?: FakeGithubUser;
  /** GitHub Enterprise Server serves the REST API under /api/v3; github.com at the root of api.github.com. */
  apiPrefix?: string;
  port?: number;
  host?: string;
};

export type FakeGithub = {
  url: string;
  apiUrl: string;
  requests: RecordedRequest[];
  setUser(user: FakeGithubUser): void;
  close(): Promise<void>;
};

// Scopes an OAuth app may ask for that matter here; GitHub ignores unknown ones, the fake refuses them to catch typos.
const KNOWN_SCOPES = new Set(["read:user", "user:email", "user", "repo", "read:org"]);
const DOCS = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors";

export const DEFAULT_FAKE_USER: FakeGithubUser = {
  id: 1_000_001,
  login: "octo-launcher",
  name: "Octo Launcher",
  email: null,
  emails: [{ email: "octo@example.test", primary: true, verified: true, visibility: "private" }],
};

type Grant = { clientId: string; redirectUri: string; scope: string; user: FakeGithubUser; used: boolean };

async function readBody(req: IncomingMessage): Promise<{ raw: string; fields: Record<string, string> }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  const type = req.headers["content-type"] ?? "";
  if (!raw) return { raw, fields: {} };
  if (type.includes("application/json")) {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    return { raw, fields: Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])) };
  }
  return { raw, fields: Object.fromEntries(new URLSearchParams(raw)) };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const type = typeof body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
  res.writeHead(status, { "content-type": type, ...headers });
  res.end(text);
}

/** client_id/client_secret from the body, or from HTTP Basic auth (what openid-client sends; GitHub accepts both). */
function clientCredentials(req: IncomingMessage, body: Record<string, string>) {
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? "");
  if (basic) {
    const [id = "", secret = ""] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
    return { clientId: decode(id), clientSecret: decode(secret) };
  }
  return { clientId: body.client_id ?? "", clientSecret: body.client_secret ?? "" };
}

function bearer(req: IncomingMessage): string | null {
  return /^(?:Bearer|token) (\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? null;
}

export async function startFakeGithub(options: FakeGithubOptions): Promise<FakeGithub> {
  const apiPrefix = (options.apiPrefix ?? "").replace(/\/+$/, "");
  let user = options.user ?? DEFAULT_FAKE_USER;
  const grants = new Map<string, Grant>();
  const tokens = new Map<string, { user: FakeGithubUser; scope: string }>();
  const requests: RecordedRequest[] = [];
  let denyNext = false;

  function tokenError(res: ServerResponse, error: string, description: string, anchor: string) {
    send(res, 200, { error, error_description: description, error_uri: `${DOCS}/#${anchor}` });
  }

  async function authorize(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    if (q.get("client_id") !== options.clientId) return send(res, 404, "Not Found: unknown client_id");
    const redirectUri = q.get("redirect_uri");
    let redirect: URL;
    try {
      redirect = new URL(redirectUri ?? "");
    } catch {
      return send(res, 400, "redirect_uri must be an absolute URL");
    }
    const state = q.get("state");
    if (!state) return send(res, 400, "state is required (CSRF protection)");
    const scopes = (q.get("scope") ?? "").split(/[\s,]+/).filter(Boolean);
    const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s));
    if (unknown.length) return send(res, 400, `unknown scope: ${unknown.join(", ")}`);
    // A person who presses "Cancel" on GitHub comes back with error=access_denied (GitHub's documented redirect).
    if (denyNext) {
      denyNext = false;
      redirect.searchParams.set("error", "access_denied");
      redirect.searchParams.set("error_description", "The user has denied your application access.");
      redirect.searchParams.set("error_uri", `${DOCS}/#access-denied`);
      redirect.searchParams.set("state", state);
      res.writeHead(302, { location: redirect.toString() });
      res.end();
      return;
    }
    const code = randomBytes(10).toString("hex");
    grants.set(code, { clientId: options.clientId, redirectUri: redirectUri!, scope: scopes.join(","), user, used: false });
    redirect.searchParams.set("code", code);
    redirect.searchParams.set("state", state);
    res.writeHead(302, { location: redirect.toString() });
    res.end();
  }

  function accessToken(req: IncomingMessage, body: Record<string, string>, res: ServerResponse) {
    const { clientId, clientSecret } = clientCredentials(req, body);
    if (clientId !== options.clientId || clientSecret !== options.clientSecret) {
      return tokenError(res, "incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.", "incorrect-client-credentials");
    }
    const grant = grants.get(body.code ?? "");
    if (!grant || grant.used || grant.clientId !== clientId) {
      return tokenError(res, "bad_verification_code", "The code passed is incorrect or expired.", "bad-verification-code");
    }
    if (body.redirect_uri && body.redirect_uri !== grant.redirectUri) {
      return tokenError(res, "redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL for this application.", "redirect-uri-mismatch");
    }
    grant.used = true;
    const token = `gho_${randomBytes(18).toString("hex")}`;
    tokens.set(token, { user: grant.user, scope: grant.scope });
    const answer = { access_token: token, token_type: "bearer", scope: grant.scope };
    if ((req.headers.accept ?? "").includes("application/json")) return send(res, 200, answer);
    res.writeHead(200, { "content-type": "application/x-www-form-urlencoded; charset=utf-8" });
    res.end(new URLSearchParams(answer).toString());
  }

  function api(req: IncomingMessage, path: string, res: ServerResponse) {
    const grant = tokens.get(bearer(req) ?? "");
    if (!grant) return send(res, 401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });
    const { user: u, scope } = grant;
    if (path === "/user") {
      return send(res, 200, {
        login: u.login,
        id: u.id,
        node_id: Buffer.from(`04:User${u.id}`).toString("base64"),
        avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
        html_url: `https://github.com/${u.login}`,
        type: "User",
        site_admin: false,
        name: u.name,
        company: null,
        email: u.email,
        created_at: "2020-01-01T00:00:00Z",
        updated_at: "2025-01-01T00:00:00Z",
      });
    }
    // Listing emails needs the user:email (or user) scope; without it GitHub answers 404.
    const scopes = scope.split(",");
    if (!scopes.includes("user:email") && !scopes.includes("user")) {
      return send(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/users/emails", status: "404" });
    }
    return send(res, 200, u.emails);
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://fake-github.local");
      const { raw, fields } = await readBody(req);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
      if (!url.pathname.startsWith("/__")) {
        requests.push({ method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body: fields });
      }
      const route = `${req.method} ${url.pathname}`;
      if (route === "GET /login/oauth/authorize") return authorize(url, res);
      if (route === "POST /login/oauth/access_token") return accessToken(req, fields, res);
      if (route === `GET ${apiPrefix}/user` || route === `GET ${apiPrefix}/user/emails`) return api(req, url.pathname.slice(apiPrefix.length), res);
      // Test control: switch the signed-in GitHub user, read or clear the recorded requests.
      if (route === "POST /__user") {
        const next = JSON.parse(raw) as FakeGithubUser;
        if (typeof next.id !== "number" || typeof next.login !== "string" || !Array.isArray(next.emails)) {
          return send(res, 400, { message: "expected { id: number, login, name, email, emails: [...] }" });
        }
        user = next;
        return send(res, 200, user);
      }
      if (route === "POST /__deny") {
        denyNext = true;
        return send(res, 200, { denyNext });
      }
      if (route === "GET /__requests") return send(res, 200, requests);
      if (route === "DELETE /__requests") {
        requests.length = 0;
        res.writeHead(204).end();
        return;
      }
      send(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    })().catch((error: unknown) => send(res, 500, { message: error instanceof Error ? error.message : String(error) }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? "127.0.0.1"}:${port}`;
  return {
    url,
    apiUrl: `${url}${apiPrefix}`,
    requests,
    setUser(next) {
      user = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
