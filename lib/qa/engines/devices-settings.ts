import { z } from "zod";

// Devices settings and profiles (the engine is lib/qa/engines/devices.ts), apart from it so the web can check them
// and the pages can list the profiles without loading Playwright.

export const DEVICE_PROFILES = {
  desktop: { width: 1440, height: 900, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
  laptop: { width: 1280, height: 800, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
  tablet: { width: 820, height: 1180, isMobile: false, hasTouch: true, deviceScaleFactor: 2 },
  phone: { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 3 },
  "small-phone": { width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} as const;
export type DeviceProfileName = keyof typeof DEVICE_PROFILES;
export const PROFILE_NAMES = Object.keys(DEVICE_PROFILES) as [DeviceProfileName, ...DeviceProfileName[]];
export const SCHEMES = ["light", "dark"] as const;
export type Scheme = (typeof SCHEMES)[number];


const unique = <T>(items: T[]) => new Set(items).size === items.length;

export const devicesSettings = z.object({
  paths: z
    .array(z.string().trim().min(1, "must not be empty").max(2000, "must be at most 2000 characters"))
    .min(1, "must list at least one path")
    .max(10, "must list at most 10 paths")
    .default(["/"]),
  profiles: z
    .array(z.enum(PROFILE_NAMES, { error: `must be one of ${PROFILE_NAMES.join(", ")}` }))
    .min(1, "must name at least one profile")
    .refine(unique, "must not repeat a profile")
    .default(["desktop", "tablet", "phone"]),
  colorSchemes: z
    .array(z.enum(SCHEMES, { error: 'must be "light" or "dark"' }))
    .min(1, "must name at least one colour scheme")
    .refine(unique, "must not repeat a colour scheme")
    .default(["light", "dark"]),
  fullPage: z.boolean({ error: "must be true or false" }).default(false),
  minTapTargetPx: z.number({ error: "must be a number" }).int("must be a whole number").min(8, "must be at least 8").max(96, "must be at most 96").default(24),
});
export type TDevicesSettings = z.infer<typeof devicesSettings>;
