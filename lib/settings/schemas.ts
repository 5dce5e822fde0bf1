import { z } from "zod";
import { parseCidr } from "../net/ip";

export const PROJECT_CREATION = ["anyone", "instance_admins"] as const;

const ZCidr = z
  .string()
  .max(60, "must be at most 60 characters")
  .transform((text, ctx) => {
    const parsed = parseCidr(text);
    if (parsed.ok) return parsed.cidr.text;
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  });

export const ZNetworkSettings = z.object({
  allowLoopback: z.boolean(),
  allowPrivate: z.boolean(),
  allowLinkLocal: z.boolean(),
  allowedCidrs: z.array(z.string()).describe("always allowed, whatever the switches say (never unspecified, multicast or reserved addresses)"),
});

export const ZInstanceSettings = z.object({
  projectCreation: z.enum(PROJECT_CREATION).describe("who may create projects"),
  network: ZNetworkSettings.describe("what workers may connect to (probes, deploy hooks, checks, QA, notifications)"),
  updatedAt: z.string().nullable(),
});
export type TInstanceSettings = z.infer<typeof ZInstanceSettings>;

// Strict: a misspelt key is an error, not a silent no-op on an instance-wide setting.
export const ZInstanceSettingsUpdate = z
  .object({
    projectCreation: z.enum(PROJECT_CREATION),
    network: z
      .object({
        allowLoopback: z.boolean(),
        allowPrivate: z.boolean(),
        allowLinkLocal: z.boolean(),
        allowedCidrs: z
          .array(ZCidr)
          .max(100, "must list at most 100 ranges")
          .transform((list) => [...new Set(list)]),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, "send at least one field");
