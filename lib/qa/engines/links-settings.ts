import { z } from "zod";

// Links and smoke settings (the engine is lib/qa/engines/links.ts), apart from it so the web can check them.

const whole = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(min, `${field} must be at least ${min}`)
    .max(max, `${field} must be at most ${max}`);
const flag = (field: string) => z.boolean({ error: `${field} must be true or false` });
const startPath = z
  .string({ error: "startPaths entries must be strings" })
  .max(2000, "startPaths entries must be at most 2000 characters")
  .regex(/^\/(?!\/)/, "startPaths entries must be paths on the target starting with one /, like /pricing");

export const linksSettings = z
  .object(
    {
      startPaths: z
        .array(startPath, { error: "startPaths must be a list of paths" })
        .min(1, "startPaths must list at least one path")
        .max(20, "startPaths must list at most 20 paths")
        .default(["/"]),
      /** Also crawl the URLs listed in /sitemap.xml (and up to 3 sitemaps of a sitemap index) when it exists. */
      sitemap: flag("sitemap").default(true),
      maxPages: whole("maxPages", 1, 500).default(50),
      checkExternal: flag("checkExternal").default(false),
      /** Broken external links fail the run only when this is on; by default they are warnings. */
      externalGating: flag("externalGating").default(false),
      externalPerHostConcurrency: whole("externalPerHostConcurrency", 1, 4).default(1),
      concurrency: whole("concurrency", 1, 16).default(4),
      slowPageMs: whole("slowPageMs", 100, 60_000).default(1500),
      requestTimeoutMs: whole("requestTimeoutMs", 1000, 60_000).default(10_000),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown setting ${issue.keys.join(", ")}` : undefined) },
  )
  .strict();

export type TLinksSettings = z.infer<typeof linksSettings>;
