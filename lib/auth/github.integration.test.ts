import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth from "next-auth";
import { decode } from "next-auth/jwt";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createUser, uid } from "@/tests/helpers/fixtures";
import type { FakeGithubUser } from "@/tests/helpers/fake-github";
import { authOptions } from "./next-auth";
import { signInWithGithub, unlinkGithub } from "./github-account";

// lib/env.ts is read once, when lib/db is imported; the fake must be listening and named in process.env before that.
const fake = await vi.hoisted(async () => {
  const { startFakeGithub } = await import("@/tests/helpers/fake-github");
  const started = await startFakeGithub({ clientId: "it-github-client", clientSecret: "it-github-secret", apiPrefix: "/api/v3" });
  Object.assign(process.env, { GITHUB_ID: "it-github-client", GITHUB_SECRET: "it-github-secret", GITHUB_URL: started.url, GITHUB_API_URL: started.apiUrl });
  return started;
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

const githubId = () => 10_000_000 + Math.floor(Math.random() * 80_000_000);
const githubUser = (email: string, opts: { verified?: boolean; publicEmail?: boolean; id?: number } = {}): FakeGithubUser => ({
  id: opts.id ?? githubId(),
  login: `octo-${uid()}`,
  name: "Octo Cat",
  email: opts.publicEmail ? email : null,
  emails: [
    { email: `noreply-${uid()}@users.noreply.example.test`, primary: false, verified: true, visibility: null },
    { email, primary: true, verified: opts.verified ?? true, visibility: "private" },
  ],
});

type Jar = Record<string, string>;

/** One request through next-auth's own handler (the pages-API entry: same core, no Next request context needed). */
type NextAuthOpts = { query?: Record<string, string>; body?: Record<string, string>; githubLinkUserId?: string };
async function nextAuth(method: "GET" | "POST", route: string, jar: Jar, opts: NextAuthOpts = {}) {
  const headers: Record<string, string | string[]> = {};
  let status = 200;
  let body: unknown;
  const res = {
    status: (code: number) => ((status = code), res),
    setHeader: (key: string, value: string | string[]) => ((headers[key.toLowerCase()] = value), res),
    getHeader: (key: string) => headers[key.toLowerCase()],
    end: () => undefined,
    json: (value: unknown) => void (body = value),
    send: (value: unknown) => void (body = value),
  };
  const req = { method, query: { nextauth: route.split("/"), ...opts.query }, body: opts.body, cookies: { ...jar }, headers: { host: "localhost:3000" } };
  await NextAuth(req as unknown as NextApiRequest, res as unknown as NextApiResponse, authOptions({ githubLinkUserId: opts.githubLinkUserId }));
  for (const cookie of [headers["set-cookie"] ?? []].flat()) {
    const [pair] = cookie.split(";");
    const [name, ...value] = pair.split("=");
    jar[name] = decodeURIComponent(value.join("="));
  }
  return { status, location: headers.location as string | undefined, body };
}

/** The browser's part of the web flow: start at T-Minus, follow GitHub's redirect back to the callback. */
async function signInThroughGithub(jar: Jar = {}, githubLinkUserId?: string, callbackUrl = "/projects") {
  const { body } = await nextAuth("GET", "csrf", jar);
  const start = await nextAuth("POST", "signin/github", jar, { body: { csrfToken: (body as { csrfToken: string }).csrfToken, callbackUrl } });
  expect(start.location).toMatch(new RegExp(`^${fake.url}/login/oauth/authorize\\?`));
  const authorize = await fetch(start.location!, { redirect: "manual" });
  expect(authorize.status).toBe(302);
  const back = new URL(authorize.headers.get("location")!);
  expect(`${back.origin}${back.pathname}`).toBe("http://localhost:3000/api/auth/callback/github");
  const done = await nextAuth("GET", "callback/github", jar, { query: Object.fromEntries(back.searchParams), githubLinkUserId });
  const token = jar["next-auth.session-token"];
  const session = token ? await decode({ token, secret: env.NEXTAUTH_SECRET }) : null;
  return { location: done.location, uid: session?.uid ?? null };
}

describe("GitHub sign-in through next-auth against a local GitHub", () => {
  it("does not link a GitHub account to the user with its verified email on its own; it says to link from the account", async () => {
    const user = await createUser();
    fake.setUser(githubUser(user.email));
    expect(await signInThroughGithub()).toEqual({ location: "/signin?error=LinkFromAccount", uid: null });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).githubId).toBeNull();
    expect(await db.auditLog.count({ where: { objectId: user.id } })).toBe(0);
  });

  it("links from a signed-in user's link request, audits it, and remembers the GitHub account", async () => {
    const user = await createUser();
    const gh = githubUser(`other-address-${uid()}@example.test`);
    fake.setUser(gh);

    const result = await signInThroughGithub({}, user.id);
    expect(result).toEqual({ location: "http://localhost:3000/projects", uid: user.id });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).githubId).toBe(String(gh.id));
    const audit = await db.auditLog.findMany({ where: { objectId: user.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.projectId, a.after])).toEqual([
      ["user.github_link", null, { githubId: String(gh.id), via: "session" }],
      ["auth.signin", null, { method: "github" }],
    ]);

    // What GitHub saw: the documented scopes and a state, a code exchanged with the app's credentials for the same
    // redirect_uri, and both API calls (under the configured API prefix) with that token.
    const [authorize, exchange, profile, emails] = fake.requests;
    expect(authorize.query).toMatchObject({ client_id: "it-github-client", scope: "read:user user:email", redirect_uri: "http://localhost:3000/api/auth/callback/github" });
    expect(authorize.query.state).toBeTruthy();
    expect(exchange).toMatchObject({ method: "POST", path: "/login/oauth/access_token", body: { code: expect.any(String), redirect_uri: authorize.query.redirect_uri } });
    expect(exchange.headers.accept).toContain("application/json");
    expect([profile.path, emails.path]).toEqual(["/api/v3/user", "/api/v3/user/emails"]);
    expect(emails.headers.authorization).toMatch(/^Bearer gho_/);

    // Signing in with it later needs no link request.
    expect(await signInThroughGithub()).toEqual({ location: "http://localhost:3000/projects", uid: user.id });
  });

  it("sends a callback URL that a browser would read as another origin to /projects instead", async () => {
    const user = await createUser();
    const gh = githubUser(user.email);
    await db.user.update({ where: { id: user.id }, data: { githubId: String(gh.id) } });
    fake.setUser(gh);
    for (const callbackUrl of ["/\t/evil.example", "/\\evil.example", "https://evil.example/projects"]) {
      expect(await signInThroughGithub({}, undefined, callbackUrl)).toEqual({ location: "http://localhost:3000/projects", uid: user.id });
    }
  });

  it("refuses to link a GitHub account that another user already has, and tells the person on their account page", async () => {
    const owner = await createUser();
    const gh = githubUser(owner.email);
    await db.user.update({ where: { id: owner.id }, data: { githubId: String(gh.id) } });
    const someoneElse = await createUser();
    fake.setUser(gh);
    expect(await signInThroughGithub({}, someoneElse.id)).toEqual({ location: "/account?error=GithubLinkedElsewhere", uid: null });
    expect((await db.user.findUniqueOrThrow({ where: { id: someoneElse.id } })).githubId).toBeNull();
  });

  it("signs the same GitHub account in again by its id after its email changed", async () => {
    const user = await createUser();
    const gh = githubUser(user.email);
    fake.setUser(gh);
    expect((await signInThroughGithub({}, user.id)).uid).toBe(user.id);

    fake.setUser({ ...githubUser(`moved-${uid()}@example.test`, { publicEmail: true }), id: gh.id });
    expect(await signInThroughGithub()).toEqual({ location: "http://localhost:3000/projects", uid: user.id });
  });

  it("refuses a verified email no T-Minus user has, and says so on the sign-in page", async () => {
    await createUser();
    fake.setUser(githubUser(`stranger-${uid()}@example.test`));
    expect(await signInThroughGithub()).toEqual({ location: "/signin?error=NoAccount", uid: null });
  });

  it("never links by an unverified email, even one a user has", async () => {
    const user = await createUser();
    fake.setUser(githubUser(user.email, { verified: false, publicEmail: true }));
    expect(await signInThroughGithub()).toEqual({ location: "/signin?error=UnverifiedEmail", uid: null });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).githubId).toBeNull();
  });

  it("sends a code GitHub refuses back to the sign-in page without a session", async () => {
    const jar: Jar = {};
    fake.setUser(githubUser(`nobody-${uid()}@example.test`));
    const { body } = await nextAuth("GET", "csrf", jar);
    const start = await nextAuth("POST", "signin/github", jar, { body: { csrfToken: (body as { csrfToken: string }).csrfToken } });
    const state = new URL(start.location!).searchParams.get("state")!;
    const done = await nextAuth("GET", "callback/github", jar, { query: { code: "not-a-real-code", state } });
    expect(done.location).toBe("http://localhost:3000/api/auth/error?error=OAuthCallback");
    // next-auth's own error and sign-in routes hand the code on to the app's sign-in page.
    const viaSignin = await nextAuth("GET", "error", jar, { query: { error: "OAuthCallback" } });
    expect(viaSignin.location).toBe("http://localhost:3000/api/auth/signin?error=OAuthCallback");
    const page = await nextAuth("GET", "signin", jar, { query: { error: "OAuthCallback" } });
    expect(new URL(page.location!, "http://localhost:3000").pathname).toBe("/signin");
    expect(new URL(page.location!, "http://localhost:3000").searchParams.get("error")).toBe("OAuthCallback");
    expect(jar["next-auth.session-token"]).toBeUndefined();
    const exchange = fake.requests.find((r) => r.path === "/login/oauth/access_token");
    expect(exchange?.body.code).toBe("not-a-real-code");
    expect(fake.requests.some((r) => r.path.endsWith("/user"))).toBe(false);
  });
});

describe("signInWithGithub", () => {
  it("links by verified email only when the instance allows it (GITHUB_LINK_BY_EMAIL=1), and audits the link", async () => {
    const user = await createUser();
    const identity = { githubId: String(githubId()), email: user.email, emailVerified: true, name: null };
    expect(await signInWithGithub(identity)).toEqual({ ok: false, reason: "LinkFromAccount" });
    expect(await signInWithGithub({ ...identity, emailVerified: false }, { linkByEmail: true })).toEqual({ ok: false, reason: "UnverifiedEmail" });
    expect(await signInWithGithub(identity, { linkByEmail: true })).toMatchObject({ ok: true, user: { id: user.id } });
    const link = await db.auditLog.findFirst({ where: { objectId: user.id, action: "user.github_link" } });
    expect(link?.after).toEqual({ githubId: identity.githubId, via: "verified_email" });
  });

  it("refuses an email whose user is already linked to another GitHub account", async () => {
    const user = await createUser();
    await db.user.update({ where: { id: user.id }, data: { githubId: String(githubId()) } });
    expect(await signInWithGithub({ githubId: String(githubId()), email: user.email.toUpperCase(), emailVerified: true, name: null })).toEqual({
      ok: false,
      reason: "OtherGithubAccount",
    });
  });

  it("refuses a GitHub account without an email once the install has users", async () => {
    await createUser();
    expect(await signInWithGithub({ githubId: String(githubId()), email: null, emailVerified: false, name: "No Mail" })).toEqual({ ok: false, reason: "NoAccount" });
  });
});

describe("unlinkGithub", () => {
  it("unlinks and audits it, but keeps GitHub for someone who has no password to fall back on", async () => {
    const user = await db.user.create({ data: { email: `unlink-${uid()}@example.test`, name: "Unlink", passwordHash: "$2b$11$placeholderplaceholderplaceholderplaceholde", githubId: String(githubId()) } });
    const ctx = { actor: { type: "user" as const, userId: user.id, email: user.email, name: user.name, isInstanceAdmin: false } };
    expect(await unlinkGithub({ ctx })).toEqual({ githubLinked: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).githubId).toBeNull();
    const audit = await db.auditLog.findFirst({ where: { objectId: user.id, action: "user.github_unlink" } });
    expect(audit).toMatchObject({ projectId: null, before: { githubId: user.githubId } });

    const githubOnly = await createUser();
    await db.user.update({ where: { id: githubOnly.id }, data: { githubId: String(githubId()) } });
    const only = { actor: { type: "user" as const, userId: githubOnly.id, email: githubOnly.email, name: githubOnly.name, isInstanceAdmin: false } };
    await expect(unlinkGithub({ ctx: only })).rejects.toMatchObject({ status: 409, code: "github_only_sign_in" });
  });
});
