import type { TTemplateBody } from "./schemas";

// The built-in template: the "Phase 5" list, one item per line (split only where a line names separate
// deliverables). Stage items (soft launch, official launch) do not block: readiness gates the move into those stages,
// so an item that is only done after the move would hold the launch back forever.

export const PHASE5_ID = "phase-5";

type Item = TTemplateBody["sections"][number]["items"][number];
const item = (title: string, description: string, options: Partial<Omit<Item, "title" | "description">> = {}): Item => ({
  title,
  description,
  blocking: false,
  signOffRequired: false,
  renewalDays: null,
  binding: null,
  ...options,
});

const QA_LATER =
  "T-Minus ticks this from its QA runs once the QA source is installed on this instance; until then the item is " +
  "manual: attach the report as evidence and tick it yourself.";

const finalTesting = [
  item(
    "High-traffic simulation (load test)",
    "Run a load test against production (or a production-sized copy) at the traffic you expect on launch day, and " +
      "again at 2–3× that peak.\n\n" +
      "**Done when** p95 latency and error rate stay within the budgets you set, and nothing falls over (database " +
      "connections, queues, memory).\n\n" +
      "**Evidence:** the load-test report (tool, scenario, peak requests per second, p95/p99, error rate) and the " +
      "dashboard snapshot from the run.\n\n" +
      QA_LATER,
    { blocking: true, signOffRequired: true, renewalDays: 30, binding: { kind: "qa_run", environment: "production", qaKind: "load" } },
  ),
  item(
    "Edge-case hammering: invalid inputs, partial network failures, odd user behaviour",
    "Throw bad input at every form and API (empty, huge, wrong type, unicode, injection strings), cut the network " +
      "half-way through requests, double-submit, go back mid-flow, open the app in two tabs.\n\n" +
      "**Done when** every case answers with a clear error or recovers, nothing returns a 500, and no data is " +
      "corrupted or duplicated.\n\n" +
      "**Evidence:** the bad-input run (or your test matrix) on staging and the issues it found, closed.\n\n" +
      QA_LATER,
    { blocking: true, binding: { kind: "qa_run", environment: "staging", qaKind: "fuzz" } },
  ),
  item(
    "Cross-platform, browser and device testing",
    "Walk the main journeys on the browsers and devices your users have: current Chrome, Firefox, Safari and Edge; " +
      "iOS Safari and Android Chrome; a small phone, a tablet and a wide screen.\n\n" +
      "**Done when** every main journey works and reads well on each, or the gaps are written down and accepted.\n\n" +
      "**Evidence:** the device run on staging, or the matrix of journeys × browsers with screenshots of anything " +
      "odd.\n\n" +
      QA_LATER,
    { binding: { kind: "qa_run", environment: "staging", qaKind: "devices" } },
  ),
  item(
    "Accessibility (WCAG) checks",
    "Check the product against WCAG 2.2 AA: an automated scan (axe) of every page, then a keyboard-only pass and a " +
      "screen-reader pass through the main journeys.\n\n" +
      "**Done when** the scan has no serious or critical violations, everything works from the keyboard with a " +
      "visible focus, and forms, images and controls are announced properly.\n\n" +
      "**Evidence:** the accessibility run on production and notes from the manual passes. The sign-off goes stale " +
      "after 30 days, as pages change.\n\n" +
      QA_LATER,
    { blocking: true, signOffRequired: true, renewalDays: 30, binding: { kind: "qa_run", environment: "production", qaKind: "a11y" } },
  ),
  item(
    "Usability feedback loop with a final batch of testers",
    "Put the release candidate in front of a final batch of testers who have not seen it before (5–8 people is " +
      "enough to find most problems) and watch them do the main tasks.\n\n" +
      "**Done when** their findings are triaged: fixed, scheduled for the post-launch sprint, or consciously " +
      "accepted.\n\n" +
      "**Evidence:** the session notes or recordings and the list of findings with what happened to each.",
  ),
];

const deployment = [
  item(
    "Final image built and lean",
    "Build the production image (or bundle) from the release commit: multi-stage build, production dependencies " +
      "only, no secrets, dev tools or test data inside, running as a non-root user.\n\n" +
      "**Done when** the image is built by CI from a clean checkout, its size is known and reasonable, and a " +
      "vulnerability scan shows nothing critical.\n\n" +
      "**Evidence:** the image digest and size, and the scan result.",
  ),
  item(
    "Version tagged",
    "Tag the release commit with its version (semver, e.g. `v1.0.0`) so every build, deployment and bug report " +
      "points at one commit.\n\n" +
      "**Done when** the tag exists in the repository and the deployed build reports that version.\n\n" +
      "**Evidence:** a link to the tag or the T-Minus release.",
  ),
  item(
    "Changelog written",
    "Write what this release changes for users and operators (Keep a Changelog style: added, changed, fixed, " +
      "removed), including migrations or configuration operators must apply.\n\n" +
      "**Done when** the changelog entry for the tagged version is published where users and the team will find " +
      "it.\n\n" +
      "**Evidence:** a link to the changelog (T-Minus releases can generate it from conventional commits).",
  ),
  item(
    "Production push to the chosen host (AWS EC2, Render, Vercel, Netlify)",
    "Deploy the tagged build to the production host you chose.\n\n" +
      "**Done when** a deployment to the production target has succeeded and its health check passes.\n\n" +
      "T-Minus ticks this itself from the last deployment to the production target; it unticks it if that " +
      "deployment fails or is rolled back. Without a production target the item is manual: link the deployment.",
    { blocking: true, binding: { kind: "deployment_succeeded", environment: "production" } },
  ),
  item(
    "Production database linked",
    "Point production at its own managed database: not the staging one, with credentials held as secrets, TLS on, " +
      "migrations applied and the connection pool sized for the load test's peak.\n\n" +
      "**Done when** production reads and writes its own database and the migration status shows nothing pending.\n\n" +
      "**Evidence:** the database host or instance name (never the credentials) and the migration status output.",
    { blocking: true, signOffRequired: true },
  ),
  item(
    "CDN linked",
    "Serve static assets (and cacheable pages) through the CDN on the production domain, with HTTPS, sensible " +
      "cache headers and a way to purge.\n\n" +
      "**Done when** asset responses come from the CDN (check the response headers) and a purge has been tried.\n\n" +
      "**Evidence:** response headers of one asset showing a CDN cache hit, and the CDN configuration link.",
    { blocking: true },
  ),
  item(
    "CI/CD finalised with rollback safety",
    "The pipeline builds, tests and deploys every release the same way, and a bad release can be rolled back to " +
      "the previous one in minutes, without a rebuild. Database migrations are backwards compatible (or have a down " +
      "path) so rolling back the code is safe.\n\n" +
      "**Done when** a rollback has actually been exercised on staging and the service came back healthy.\n\n" +
      "T-Minus ticks this itself when a rollback on the staging target has succeeded. Without a staging target the " +
      "item is manual: link the rollback run.",
    { blocking: true, signOffRequired: true, renewalDays: 90, binding: { kind: "rollback_exercised", environment: "staging" } },
  ),
];

const performance = [
  item(
    "Front end minified, tree-shaken, assets lazy-loaded",
    "Ship production builds only: minified and tree-shaken bundles, code split by route, below-the-fold images, " +
      "heavy components and third-party scripts loaded lazily.\n\n" +
      "**Done when** the bundle analyser shows no dead weight (whole libraries for one function, dev-only code) and " +
      "Lighthouse performance on the main pages is in the green on a mid-range phone profile.\n\n" +
      "**Evidence:** bundle sizes per route and the Lighthouse reports.",
  ),
  item(
    "Images and fonts optimised",
    "Serve images in modern formats (AVIF/WebP) at the sizes they are shown, with width and height set; subset and " +
      "self-host fonts, preload the ones above the fold, use `font-display: swap`.\n\n" +
      "**Done when** no page downloads an image much larger than it displays, and there is no layout shift from " +
      "images or fonts.\n\n" +
      "**Evidence:** Lighthouse or WebPageTest results for the main pages.",
  ),
  item(
    "Database indexes",
    "Review the queries the app runs most and the slowest ones (from the load test or the slow-query log), and add " +
      "the indexes they need; drop unused ones.\n\n" +
      "**Done when** no frequent query does a sequential scan of a large table (check `EXPLAIN ANALYZE`).\n\n" +
      "**Evidence:** the list of queries checked, with their plans or timings before and after.",
  ),
  item(
    "Caching layer (Redis or Memcached)",
    "Cache what is expensive and read often (sessions, computed pages, third-party responses) in Redis or " +
      "Memcached, each key with a time-to-live and a clear invalidation rule.\n\n" +
      "**Done when** the cache is live in production, its hit rate is visible, and the app still works (slower) if " +
      "the cache is down.\n\n" +
      "**Evidence:** the hit-rate graph and a note of what is cached and how it is invalidated.",
  ),
  item(
    "Redundant API calls removed and requests batched",
    "Trace the main pages and journeys: remove duplicate and unused calls, batch the chatty ones, fix N+1 patterns " +
      "on the server, and debounce input-driven requests.\n\n" +
      "**Done when** each main page makes a known, small number of requests on load.\n\n" +
      "**Evidence:** request counts per page before and after (browser network panel or tracing).",
  ),
  item(
    "Logs set up",
    "Structured logs from every service in one searchable place, with a request id to follow a request across " +
      "services, sensible retention, and no secrets or personal data written to them.\n\n" +
      "**Done when** you can find the logs of one failed production request from its request id within a minute, " +
      "and errors raise an alert.\n\n" +
      "**Evidence:** a link to the log search and to the error alert.",
    { blocking: true },
  ),
  item(
    "Real-time uptime checks",
    "Check the production service from outside every minute, with an alert to the on-call channel when it fails.\n\n" +
      "**Done when** production has been up at least 99.9% over the last 7 days.\n\n" +
      "T-Minus ticks this itself from its uptime checks on the production target and unticks it if uptime drops. " +
      "Without a production target and check the item is manual.",
    { blocking: true, binding: { kind: "uptime", environment: "production", windowDays: 7, minPercent: 99.9 } },
  ),
];

const documentation = [
  item(
    "README",
    "The repository README says what the product is, how to run it locally, how to run the tests, and where " +
      "everything else (setup guide, API reference, architecture, SOP) lives.\n\n" +
      "**Done when** someone new to the project can get it running from the README alone.\n\n" +
      "**Evidence:** a link to the README and the name of who tried it from scratch.",
  ),
  item(
    "API endpoints documented",
    "Every public endpoint documented: method and path, authentication, parameters and body, responses and error " +
      "codes, with an example request. Generated from the code (OpenAPI) where possible, so it cannot drift.\n\n" +
      "**Done when** the reference covers every route the product exposes.\n\n" +
      "**Evidence:** a link to the API reference.",
  ),
  item(
    "Setup guide",
    "How to stand the product up in a new environment: prerequisites, configuration and every environment " +
      "variable, secrets, migrations, first user, and how to verify it works.\n\n" +
      "**Done when** someone has followed it to a working environment without asking questions.\n\n" +
      "**Evidence:** a link to the guide and the environment it was tried on.",
  ),
  item(
    "Architecture diagrams (high-level and detailed flow)",
    "A high-level diagram (services, data stores, third parties and how they connect) and detailed flow diagrams " +
      "for the important paths (sign-up, the core transaction, background jobs).\n\n" +
      "**Done when** both are checked into the repository (or linked from it) and match what is deployed.\n\n" +
      "**Evidence:** links to the diagrams.",
  ),
  item(
    "Future roadmap: planned features, scalability notes, known issues",
    "Write down what comes next: planned features, where the system will need to scale first and how, and the " +
      "known issues shipping with this release.\n\n" +
      "**Done when** the roadmap is published where the team and whoever takes over will find it: the project's " +
      "Roadmap page, which the handoff pack includes.\n\n" +
      "**Evidence:** a link to the roadmap.",
  ),
  item(
    "Maintenance SOP: restart services, deploy hotfixes, database backups",
    "A runbook that someone who did not build the product can follow at 3 a.m.: how to restart each service, how " +
      "to ship and roll back a hotfix, how database backups are taken, where they are kept, and how to restore one " +
      "(tried, not assumed).\n\n" +
      "**Done when** the SOP is on the project's maintenance runbook page, a backup restore has been tested, and an " +
      "approver has signed it. The sign-off goes stale after 90 days.\n\n" +
      "T-Minus ticks this itself when the project's maintenance runbook page (Runbooks → Maintenance SOP) has no " +
      "template prompts left and was marked reviewed in the last 90 days.",
    { blocking: true, signOffRequired: true, renewalDays: 90, binding: { kind: "runbook_page", page: "maintenance", reviewedWithinDays: 90 } },
  ),
];

const launchOps = [
  item(
    "Soft launch (internal, then limited public)",
    "Open the product first to the team, then to a limited public group (invite list, waitlist cohort or a small " +
      "share of traffic), and watch errors, performance and feedback before going wide.\n\n" +
      "**Done when** the soft-launch group has used it for the agreed period with no open critical issues.\n\n" +
      "Not blocking: moving the launch to the soft-launch stage is the go/no-go decision this checklist feeds.\n\n" +
      "**Evidence:** who was invited, for how long, and what was found.",
  ),
  item(
    "Official launch (announcements)",
    "Announce the launch on the channels you planned (site, blog, email, social, communities), with the " +
      "announcements written and scheduled in advance and someone watching the service while they go out.\n\n" +
      "**Done when** the announcements are published.\n\n" +
      "Not blocking, for the same reason as the soft launch.\n\n" +
      "**Evidence:** links to the announcements.",
  ),
  item(
    "Feedback loop open (form, Discord, GitHub issues)",
    "Give users an obvious way to report problems and ideas (a feedback form, a Discord or community channel, " +
      "GitHub issues), and decide who reads each channel and how often.\n\n" +
      "**Done when** every channel is linked from the product and someone owns triage.\n\n" +
      "**Evidence:** links to each channel and the name of the triage owner.",
  ),
  item(
    "Post-launch sprint planned for launch-day issues",
    "Keep time free after launch for what launch day reveals: a planned sprint with an owner for incoming issues, " +
      "a daily triage of feedback, and hotfixes shipped through the SOP.\n\n" +
      "**Done when** the sprint is planned and no critical feedback is left open.\n\n" +
      "T-Minus ticks this itself while no critical feedback item is open, and unticks it when one arrives. Until " +
      "feedback is collected on this instance the item is manual.",
    { binding: { kind: "no_critical_feedback" } },
  ),
];

const deliverable = (title: string, description: string) =>
  item(title, `${description}\n\nAn approver signs this off as handed over.`, { signOffRequired: true });

const deliverables = [
  deliverable(
    "Deployed product",
    "The product is live on its production domain, over HTTPS, from the tagged release.\n\n**Evidence:** the " +
      "production URL and the deployment that put it there.",
  ),
  deliverable(
    "Optimised and tested build",
    "The deployed build is the one that passed the load, edge-case, device and accessibility tests above, with " +
      "the performance work in it.\n\n**Evidence:** the build or image digest and links to the test runs.",
  ),
  deliverable(
    "Technical documentation",
    "README, API reference, setup guide and architecture diagrams, complete and current, in one place the " +
      "maintainers know.\n\n**Evidence:** a link to the documentation index.",
  ),
  deliverable(
    "User documentation",
    "Help pages or a user guide covering the main tasks, written for users rather than developers, linked from " +
      "the product.\n\n**Evidence:** a link to the user documentation.",
  ),
  deliverable(
    "Maintenance and future plan",
    "The maintenance SOP and the future roadmap, handed to whoever runs the product next, with a walkthrough.\n\n" +
      "**Evidence:** links to both and the date of the handover walkthrough.",
  ),
  deliverable(
    "Monitoring running",
    "Uptime checks, error alerts and logs are live for production and alert someone who will act on them.\n\n" +
      "**Evidence:** links to the uptime checks and the alert channel.",
  ),
  deliverable(
    "Analytics running",
    "Product analytics record the events that tell you whether the launch worked (sign-ups, activation, the core " +
      "action), respecting consent and privacy rules.\n\n**Evidence:** a link to the analytics dashboard with " +
      "launch-day data in it.",
  ),
];

export const PHASE5: { name: string; description: string; body: TTemplateBody } = {
  name: "Phase 5 — Deployment, Scaling & Handoff",
  description:
    "Everything between a finished product and a handed-over one: final testing and QA, the deployment strategy, " +
    "performance work, documentation and handoff, the launch itself and what follows, and the deliverables. " +
    "T-Minus ticks the items it can measure (deployments, rollbacks, uptime, QA runs, runbooks, feedback) itself.",
  body: {
    sections: [
      { title: "Final testing & QA", items: finalTesting },
      { title: "Deployment strategy", items: deployment },
      { title: "Performance & optimisation", items: performance },
      { title: "Documentation & handoff", items: documentation },
      { title: "Launch & post-launch ops", items: launchOps },
      { title: "Deliverables", items: deliverables },
    ],
  },
};
