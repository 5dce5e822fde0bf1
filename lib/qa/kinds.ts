import type { z } from "zod";
import type { TQaKind } from "./schemas";
import { loadSettings } from "./engines/load-settings";
import { a11ySettings } from "./engines/a11y-settings";
import { linksSettings } from "./engines/links-settings";
import { fuzzSettings } from "./engines/fuzz-settings";
import { devicesSettings } from "./engines/devices-settings";

// Each kind's settings schema, checked when a run or profile is saved (in the web). The engines themselves are loaded
// by the worker only (lib/qa/engines/index.ts): browser and load-generator code never reaches the web's bundle.
export const SETTINGS: Record<TQaKind, z.ZodType> = {
  load: loadSettings,
  a11y: a11ySettings,
  links: linksSettings,
  fuzz: fuzzSettings,
  devices: devicesSettings,
};
