import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

// No Docker engine runs here, so the deploy files are checked structurally. Each check returns the problems it
// finds, and each is also run against a broken variant to prove it can fail.
const root = path.resolve(__dirname, "../..");
const read = (f: string) => readFileSync(path.join(root, f), "utf8");
type Doc = Record<string, any>;  
const clone = <T>(v: T): T => structuredClone(v);

const SERVICES = ["db", "redis", "migrate", "web", "worker"];
const SECRETS = ["NEXTAUTH_SECRET", "ENCRYPTION_KEY"];

function envOf(service: Doc): Record<string, string> {
  const env = service?.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((e: string) => [e.split("=")[0], e.split("=").slice(1).join("=")]));
  return env;
}

function composeProblems(doc: Doc): string[] {
  const problems: string[] = [];
  const services = doc?.services ?? {};
  for (const name of SERVICES) if (!services[name]) problems.push(`missing service ${name}`);
  for (const name of ["db", "redis", "web"]) {
    if (services[name] && !services[name].healthcheck?.test) problems.push(`${name} has no healthcheck`);
  }
  for (const name of ["web", "worker"]) {
    const s = services[name];
    if (!s) continue;
    const dep = s.depends_on?.migrate;
    if (dep?.condition !== "service_completed_successfully") problems.push(`${name} does not wait for migrate to complete`);
    if (s.depends_on?.redis?.condition !== "service_healthy") problems.push(`${name} does not wait for a healthy redis`);
    const env = envOf(s);
    for (const key of SECRETS) {
      const value = env[key];
      if (value === undefined) problems.push(`${name} does not receive ${key}`);
      else if (!/^\$\{[A-Z_]+:\?[^}]*\}$/.test(String(value))) problems.push(`${name} ${key} is not a required \${${key}:?...}`);
    }
    for (const key of ["DATABASE_URL", "REDIS_URL", "NEXTAUTH_URL"]) if (!env[key]) problems.push(`${name} lacks ${key}`);
  }
  if (services.web && services.web.build?.target !== "runner") problems.push("web is not built from the runner target");
  if (services.worker && services.worker.build?.target !== "worker") problems.push("worker is not built from the worker target");
  if (services.migrate) {
    if (services.migrate.build?.target !== "migrate") problems.push("migrate is not built from the migrate target");
    if (services.migrate.depends_on?.db?.condition !== "service_healthy") problems.push("migrate does not wait for a healthy db");
    if (String(services.migrate.restart) !== "no") problems.push('migrate must have restart: "no"');
  }
  if (services.db && !/pg_isready/.test(JSON.stringify(services.db.healthcheck?.test))) problems.push("db healthcheck is not pg_isready");
  if (services.redis && !/redis-cli.*ping/.test(JSON.stringify(services.redis.healthcheck?.test))) problems.push("redis healthcheck is not redis-cli ping");
  return problems;
}

interface Stage {
  name: string;
  from: string;
  lines: string[];
}
function stages(dockerfile: string): Stage[] {
  const out: Stage[] = [];
  const logical = dockerfile.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  for (const line of logical) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ name: from[2] ?? "", from: from[1], lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}

function dockerfileProblems(text: string): string[] {
  const problems: string[] = [];
  const all = stages(text);
  const stage = (n: string) => all.find((s) => s.name === n);
  for (const n of ["deps", "build", "runner", "worker", "migrate"]) if (!stage(n)) problems.push(`missing stage ${n}`);
  if (!/^ARG NODE_IMAGE=node:20-bookworm-slim$/m.test(text) && !all.every((s) => /node:20-bookworm-slim|^\$\{NODE_IMAGE\}$|^[a-z-]+$/.test(s.from))) {
    problems.push("base image is not node:20-bookworm-slim");
  }
  if (stage("deps") && !stage("deps")!.lines.some((l) => /npm ci/.test(l))) problems.push("deps stage does not npm ci");
  const build = stage("build");
  if (build && !build.lines.some((l) => /scripts\/prisma\.mjs generate/.test(l))) problems.push("build does not generate the Prisma client");
  if (build && !build.lines.some((l) => /next build/.test(l))) problems.push("build does not run next build");
  for (const n of ["runner", "worker", "migrate"]) {
    const s = stage(n);
    const user = s?.lines.filter((l) => /^USER\s/i.test(l)).at(-1)?.split(/\s+/)[1];
    if (s && (!user || /^(root|0)(:|$)/.test(user))) problems.push(`${n} runs as root`);
  }
  const runner = stage("runner");
  if (runner) {
    const joined = runner.lines.join("\n");
    if (!/^COPY .*\.next\/standalone/m.test(joined)) problems.push("runner does not copy .next/standalone");
    if (!/^COPY .*\.next\/static/m.test(joined)) problems.push("runner does not copy .next/static");
    if (!/^COPY .*\/public/m.test(joined)) problems.push("runner does not copy public");
    if (!/^HEALTHCHECK .*\/api\/health/m.test(joined)) problems.push("runner has no HEALTHCHECK on /api/health");
    if (!/^EXPOSE 3000$/m.test(joined)) problems.push("runner does not EXPOSE 3000");
    if (!/^CMD \["node", ?"server\.js"\]$/m.test(joined)) problems.push('runner CMD is not ["node","server.js"]');
    if (!/useradd .*--uid 1001 .*nextjs/.test(joined)) problems.push("runner has no nextjs user with uid 1001");
    // The handoff pack prints its PDF with Chromium in the web process.
    if (!/apt-get install[^\n]*\bchromium\b/.test(joined) || !/CHROMIUM_PATH=\/usr\/bin\/chromium/.test(joined)) problems.push("runner does not install chromium");
  }
  if (stage("worker") && !stage("worker")!.lines.some((l) => /^CMD .*tsx.*workers\/index\.ts/.test(l))) problems.push("worker does not run workers/index.ts");
  // QA runs (accessibility, devices) drive Chromium from the worker: it must be installed there and named.
  if (stage("worker") && !stage("worker")!.lines.some((l) => /apt-get install .*\bchromium\b/.test(l))) problems.push("worker does not install chromium");
  if (stage("worker") && !stage("worker")!.lines.some((l) => /CHROMIUM_PATH=\/usr\/bin\/chromium/.test(l))) problems.push("worker does not set CHROMIUM_PATH");
  if (stage("migrate") && !stage("migrate")!.lines.some((l) => /^CMD .*migrate.*deploy/.test(l))) problems.push("migrate does not run migrate deploy");
  return problems;
}

function dockerignoreProblems(text: string): string[] {
  const lines = text.split("\n").map((l) => l.trim());
  const problems = ["node_modules", ".git", ".next"].filter((p) => !lines.includes(p)).map((p) => `${p} not ignored`);
  if (!lines.some((l) => l === ".env" || l === ".env*")) problems.push(".env not ignored");
  return problems;
}

function workflowProblems(doc: Doc): string[] {
  const problems: string[] = [];
  const on = doc?.on ?? doc?.[true as unknown as string]; // YAML 1.1 parsers read a bare `on` as true
  const triggers = on && typeof on === "object" && !Array.isArray(on) ? Object.keys(on) : [on].flat();
  for (const t of ["push", "pull_request"]) if (!triggers.includes(t)) problems.push(`not triggered on ${t}`);
  const jobs = Object.values<Doc>(doc?.jobs ?? {});
  const job = jobs.find((j) => (j.steps ?? []).some((s: Doc) => /\bnpm (run )?test\b/.test(s.run ?? "")));
  if (!job) return [...problems, "no job runs npm test"];
  const images = Object.values<Doc>(job.services ?? {}).map((s) => String(s.image));
  if (!images.some((i) => /^postgres:15/.test(i))) problems.push("no postgres:15 service");
  if (!images.some((i) => /^redis:7/.test(i))) problems.push("no redis:7 service");
  for (const s of Object.values<Doc>(job.services ?? {})) {
    if (!/--health-cmd/.test(String(s.options))) problems.push(`service ${s.image} has no health check`);
  }
  const env = { ...doc.env, ...job.env };
  for (const key of ["DATABASE_URL", "REDIS_URL", "CI"]) if (!env[key]) problems.push(`npm test runs without ${key}`);
  const steps: Doc[] = job.steps ?? [];
  const nodeStep = steps.find((s) => String(s.uses).startsWith("actions/setup-node"));
  if (String(nodeStep?.with?.["node-version"]) !== "20") problems.push("setup-node is not Node 20");
  if (nodeStep?.with?.cache !== "npm") problems.push("setup-node has no npm cache");
  const order = (re: RegExp) => steps.findIndex((s) => re.test(s.run ?? ""));
  if (order(/npm ci/) < 0 || order(/npm ci/) > order(/npm (run )?test/)) problems.push("npm ci does not run before npm test");
  if (!steps.some((s) => /CHROMIUM_PATH/.test(s.run ?? ""))) problems.push("CHROMIUM_PATH is not set for the browser tests");
  return problems;
}

describe("docker-compose.yml", () => {
  const compose = parse(read("docker-compose.yml"));

  it("has the five services wired in order with healthchecks and required secrets", () => {
    expect(composeProblems(compose)).toEqual([]);
  });

  it("catches a missing service", () => {
    const broken = clone(compose);
    delete broken.services.redis;
    expect(composeProblems(broken)).toContain("missing service redis");
  });

  it("catches web starting before migrations finish", () => {
    const broken = clone(compose);
    broken.services.web.depends_on = { ...broken.services.web.depends_on, migrate: { condition: "service_started" } };
    expect(composeProblems(broken)).toContain("web does not wait for migrate to complete");
  });

  it("catches a hard-coded or defaulted secret", () => {
    const broken = clone(compose);
    broken.services.worker.environment = { ...broken.services.worker.environment, ENCRYPTION_KEY: "${ENCRYPTION_KEY:-abc}" };
    broken.services.web.environment = { ...broken.services.web.environment, NEXTAUTH_SECRET: "changeme" };
    expect(composeProblems(broken)).toEqual(
      expect.arrayContaining(["worker ENCRYPTION_KEY is not a required ${ENCRYPTION_KEY:?...}", "web NEXTAUTH_SECRET is not a required ${NEXTAUTH_SECRET:?...}"]),
    );
  });

  it("catches a missing healthcheck", () => {
    const broken = clone(compose);
    delete broken.services.db.healthcheck;
    expect(composeProblems(broken)).toContain("db has no healthcheck");
  });
});

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");

  it("has deps/build/runner/worker/migrate stages, non-root users, a healthcheck and the standalone copy", () => {
    expect(dockerfileProblems(dockerfile)).toEqual([]);
  });

  it("catches a runner that runs as root", () => {
    expect(dockerfileProblems(dockerfile.replace("USER nextjs", "USER root"))).toContain("runner runs as root");
  });

  it("catches a worker without the Chromium its QA runs drive", () => {
    expect(dockerfileProblems(dockerfile.replace(" chromium fonts-liberation fonts-noto-color-emoji", " fonts-liberation fonts-noto-color-emoji"))).toContain("worker does not install chromium");
  });

  it("catches a web image without the Chromium the handoff pack prints with", () => {
    expect(dockerfileProblems(dockerfile.replace(" chromium fonts-liberation \\", " fonts-liberation \\"))).toContain("runner does not install chromium");
  });

  it("catches a worker with no USER", () => {
    expect(dockerfileProblems(dockerfile.replace("USER worker", ""))).toContain("worker runs as root");
  });

  it("catches a missing HEALTHCHECK and a missing standalone copy", () => {
    const broken = dockerfile.replace(/^HEALTHCHECK[^\n]*\\\n[^\n]*\n/m, "").replace(".next/standalone", ".next/server");
    expect(dockerfileProblems(broken)).toEqual(
      expect.arrayContaining(["runner has no HEALTHCHECK on /api/health", "runner does not copy .next/standalone"]),
    );
  });

  it("catches a missing stage", () => {
    expect(dockerfileProblems(dockerfile.replace("AS migrate", "AS migrations"))).toContain("missing stage migrate");
  });

  it(".dockerignore keeps node_modules, .git and .env out of the build context", () => {
    const ignore = read(".dockerignore");
    expect(dockerignoreProblems(ignore)).toEqual([]);
    expect(ignore).toMatch(/^!\.env\.example$/m);
    expect(dockerignoreProblems(ignore.replace(/^\.env\*$/m, ""))).toContain(".env not ignored");
  });
});

describe(".github/workflows/ci.yml", () => {
  const workflow = parse(read(".github/workflows/ci.yml"));

  it("runs npm test on push and pull_request with postgres and redis services", () => {
    expect(workflowProblems(workflow)).toEqual([]);
  });

  it("catches a job without the redis service", () => {
    const broken = clone(workflow);
    delete broken.jobs.test.services.redis;
    expect(workflowProblems(broken)).toContain("no redis:7 service");
  });

  it("catches a workflow that never runs npm test", () => {
    const broken = clone(workflow);
    broken.jobs.test.steps = broken.jobs.test.steps.filter((s: Doc) => !/npm test/.test(s.run ?? ""));
    expect(workflowProblems(broken)).toContain("no job runs npm test");
  });
});
