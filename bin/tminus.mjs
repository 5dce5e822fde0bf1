#!/usr/bin/env node
// The T-Minus command-line client for CI. It reads the server's OpenAPI document and calls operations by their id,
// so it follows the API as it is deployed, with no hand-written URLs. Plain Node 20, no dependencies.
import { execFileSync } from "node:child_process";
import { writeFileSync, readFileSync } from "node:fs";

const USAGE = `Usage: tminus <command> [options]

  release create   --project <id|slug> [--version 1.4.0] [--title T] [--notes N] [--git-ref R] [--commit SHA] [--from-git <range>]
  release preview  --project <id|slug> --from-git <range>
  release changelog --project <id|slug> [--out CHANGELOG.md]
  call <operationId> [--param name=value ...] [--body '<json>' | --body @file.json]

Environment: TMINUS_URL (e.g. https://tminus.example.com) and TMINUS_TOKEN (an API token, tmn_…).
--from-git reads the commits of a revision range from the git repository in the current directory, e.g. v1.3.2..HEAD.
Exit codes: 0 done, 1 the server refused or failed, 2 bad usage or configuration.`;

class UsageError extends Error {}

export function parseArgs(argv) {
  const positional = [];
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (name === "param") (options.param ??= []).push(value);
    else options[name] = value;
  }
  return { positional, options };
}

/** Commits of a revision range as the API takes them: hash, author, full message. */
export function gitCommits(range, cwd = process.cwd()) {
  const out = execFileSync("git", ["log", "--format=%H%x1f%an%x1f%B%x1e", range], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return out
    .split("\x1e")
    .map((record) => record.replace(/^\n/, ""))
    .filter((record) => record.trim())
    .map((record) => {
      const [hash, author, message] = record.split("\x1f");
      return { hash, author, message: message.trim() };
    });
}

async function operation(base, id) {
  const res = await fetch(new URL("/api/v1/openapi.json", base));
  if (!res.ok) throw new Error(`${base} did not serve its OpenAPI document (HTTP ${res.status}); is TMINUS_URL right?`);
  const doc = await res.json();
  for (const [path, methods] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(methods)) if (op.operationId === id) return { path, method: method.toUpperCase(), op };
  }
  throw new UsageError(`The server has no operation "${id}"`);
}

export async function call({ base, token, id, params = {}, body }) {
  const { path, method } = await operation(base, id);
  const url = new URL(
    "/api/v1" + path.replace(/\{(\w+)\}/g, (_, name) => {
      if (params[name] === undefined) throw new UsageError(`${id} needs --param ${name}=…`);
      return encodeURIComponent(params[name]);
    }),
    base,
  );
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = (res.headers.get("content-type") ?? "").includes("application/json") ? JSON.parse(text) : null;
  return { status: res.status, ok: res.ok, text, json };
}

function explain(result) {
  const error = result.json?.error;
  if (!error) return `HTTP ${result.status}: ${result.text.slice(0, 500)}`;
  const issues = (error.issues ?? []).map((i) => `\n  ${i.path}: ${i.message} (${i.rule})`).join("");
  return `${error.message} [${error.code}, HTTP ${result.status}]${issues}`;
}

const compact = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export async function main(argv, env = process.env, out = (s) => process.stdout.write(s), err = (s) => process.stderr.write(s)) {
  try {
    const { positional, options } = parseArgs(argv);
    if (!positional.length || options.help) {
      out(USAGE + "\n");
      return positional.length ? 0 : 2;
    }
    const base = env.TMINUS_URL;
    const token = env.TMINUS_TOKEN;
    if (!base || !token) throw new UsageError("Set TMINUS_URL and TMINUS_TOKEN (an API token from the project's API tokens page)");
    const need = (name) => {
      if (!options[name]) throw new UsageError(`--${name} is required`);
      return options[name];
    };
    let request;
    const [command, sub] = positional;
    if (command === "release" && (sub === "create" || sub === "preview")) {
      const commits = options["from-git"] ? gitCommits(options["from-git"]) : [];
      const body =
        sub === "preview"
          ? { commits }
          : compact({ version: options.version, title: options.title, notes: options.notes, gitRef: options["git-ref"], commitSha: options.commit, commits });
      request = { id: sub === "create" ? "releases.create" : "releases.preview", params: { projectId: need("project") }, body };
    } else if (command === "release" && sub === "changelog") {
      request = { id: "releases.changelog", params: { projectId: need("project") } };
    } else if (command === "call" && sub) {
      const params = Object.fromEntries((options.param ?? []).map((p) => p.split(/=(.*)/s, 2)));
      const raw = options.body?.startsWith("@") ? readFileSync(options.body.slice(1), "utf8") : options.body;
      let body;
      try {
        body = raw === undefined ? undefined : JSON.parse(raw);
      } catch {
        throw new UsageError("--body is not valid JSON");
      }
      request = { id: sub, params, body };
    } else {
      throw new UsageError(`Unknown command "${positional.join(" ")}"\n\n${USAGE}`);
    }
    const result = await call({ base, token, ...request });
    if (!result.ok) {
      err(`tminus: ${explain(result)}\n`);
      return 1;
    }
    if (request.id === "releases.changelog" && options.out) {
      writeFileSync(options.out, result.text);
      out(`wrote ${options.out}\n`);
    } else if (request.id === "releases.create") {
      out(`Released ${result.json.version} (${result.json.commitCount} commits)\n\n${result.json.changelog}\n`);
    } else if (request.id === "releases.preview") {
      out(`Next version: ${result.json.suggestion.version} (${result.json.suggestion.reason})\n\n${result.json.changelog}\n`);
    } else {
      out(result.json ? JSON.stringify(result.json, null, 2) + "\n" : result.text);
    }
    return 0;
  } catch (error) {
    err(`tminus: ${error.message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("/tminus")) {
  process.exitCode = await main(process.argv.slice(2));
}
