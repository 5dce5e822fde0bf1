import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import type { Role } from "@prisma/client";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ROUTES } from "@/lib/api/routes";
import { handle, type Method, type RouteDef } from "@/lib/api/handler";
import { createToken } from "@/lib/tokens/tokens";
import type { Ctx } from "@/lib/auth/context";

export const uid = () => randomBytes(4).toString("hex");

export async function createUser(opts: { isInstanceAdmin?: boolean; name?: string } = {}) {
  const email = `user-${uid()}@example.test`;
  return db.user.create({ data: { email, name: opts.name ?? email, passwordHash: null, isInstanceAdmin: opts.isInstanceAdmin ?? false } });
}

export const userCtx = (user: { id: string; email: string; name: string; isInstanceAdmin: boolean }): Ctx => ({
  actor: { type: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin },
});

/** A project with one user per role; every test makes its own so tests never share state. */
export async function projectWithRoles() {
  const project = await db.project.create({ data: { name: `Project ${uid()}`, slug: `p-${uid()}` } });
  const users = {} as Record<Role, Awaited<ReturnType<typeof createUser>>>;
  for (const role of ["viewer", "member", "approver", "admin"] as const) {
    users[role] = await createUser({ name: `${role} ${uid()}` });
    await db.membership.create({ data: { projectId: project.id, userId: users[role].id, role } });
  }
  const outsider = await createUser();
  return { project, users, outsider };
}

/** A real next-auth session cookie, encoded the way next-auth itself does. */
export async function sessionCookie(userId: string) {
  const token = await encode({ token: { uid: userId, sub: userId }, secret: env.NEXTAUTH_SECRET });
  return `next-auth.session-token=${token}`;
}

export async function apiToken(projectId: string, admin: { id: string; email: string; name: string; isInstanceAdmin: boolean }, role: Role) {
  const created = await createToken({ ctx: userCtx(admin), input: { projectId, data: { name: `t-${uid()}`, role } } });
  return created.token!;
}

export type Caller = { cookie?: string; bearer?: string };

export type CallOptions = { as?: Caller; body?: unknown; rawBody?: string; headers?: Record<string, string>; params?: Record<string, string>; query?: Record<string, string> };

/** The request Next would hand a route handler: path params filled in, caller's cookie or token, JSON body. */
export function buildRequest(route: RouteDef, opts: CallOptions = {}, signal?: AbortSignal) {
  let concrete = route.path;
  for (const [k, v] of Object.entries(opts.params ?? {})) concrete = concrete.replace(`{${k}}`, encodeURIComponent(v.toWellFormed()));
  const url = new URL(`http://localhost:3000/api/v1${concrete}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers(opts.headers);
  if (opts.as?.cookie) headers.set("cookie", opts.as.cookie);
  // As Chromium does for a same-origin fetch that writes (the handler refuses cookie writes without it, CSRF).
  // A test that sets Origin or Sec-Fetch-Site itself keeps its own; `origin: ""` sends none.
  const ownOrigin = headers.has("origin") || headers.has("sec-fetch-site");
  if (headers.get("origin") === "") headers.delete("origin");
  if (opts.as?.cookie && route.method !== "GET" && !ownOrigin) headers.set("origin", "http://localhost:3000");
  if (opts.as?.bearer) headers.set("authorization", `Bearer ${opts.as.bearer}`);
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return new NextRequest(url, { method: route.method, headers, body, signal });
}

/** Calls a registered route through the real handler wrapper (auth, parsing, errors), as Next would. */
export async function call(method: Method, path: string, opts: CallOptions = {}) {
  const route = ROUTES.find((r) => r.method === method && r.path === path);
  if (!route) throw new Error(`No route ${method} ${path}`);
  const res = await handle(route)(buildRequest(route, opts), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* CSV or SSE */
  }
  return { status: res.status, json: json as Record<string, any>, text, headers: res.headers };
}
