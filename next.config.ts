import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The Docker image ships the standalone server; `next start` (npm run up) does not support that output.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  poweredByHeader: false,
  // Server-only packages that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "bullmq", "ioredis", "bcryptjs"],
  typedRoutes: false,
  // The handoff pack draws Mermaid diagrams in Chromium from the library's browser bundle, read from disk at run time:
  // file tracing cannot see that path, so the standalone output is told to carry it.
  outputFileTracingIncludes: {
    "/api/v1/projects/[projectId]/handoff-pack": ["./node_modules/mermaid/dist/mermaid.min.js"],
    "/api/v1/projects/[projectId]/handoff-pack/html": ["./node_modules/mermaid/dist/mermaid.min.js"],
  },
  // Types are checked once, by `tsc --noEmit` in npm test (and CI), over the whole repo; the build would check the same
  // program again (benches and tests included), adding a minute to every e2e build for nothing.
  typescript: { ignoreBuildErrors: true },
  // Titles in the first HTML for everyone, not streamed in after the page: a screen reader announces the page by its
  // title the moment it loads, and every title names the page and the project.
  htmlLimitedBots: /.*/,
  // Role-restricted pages answer a real 403 through forbidden() and the segment's forbidden.tsx.
  experimental: { authInterrupts: true },
  // Dev resources load when the app is opened at 127.0.0.1 as well as localhost.
  allowedDevOrigins: ["127.0.0.1"],
  // The public status page is the same for every visitor: browsers and CDNs may keep it briefly. Next keeps a
  // Cache-Control set here on dynamic pages; errors still go out as no-store. See app/status/[slug]/page.tsx.
  headers: async () => [{ source: "/status/:slug", headers: [{ key: "Cache-Control", value: "public, max-age=15, s-maxage=30, stale-while-revalidate=60" }] }],
};

export default nextConfig;
