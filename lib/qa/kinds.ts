import type { z } from "zod";
import type { Engine } from "./engine";
import type { TQaKind } from "./schemas";

// Kind → settings schema (checked when a run or profile is saved, in the web) and engine (loaded in the worker only,
// on first use: the browser and load-generator code never reaches the web server's bundle).

type KindModule = { settings: () => Promise<z.ZodType>; engine: () => Promise<Engine<unknown>> };

export const KINDS: Record<TQaKind, KindModule> = {
  load: {
    settings: async () => (await import("./engines/load-settings")).loadSettings,
    engine: async () => (await import("./engines/load")).loadEngine as Engine<unknown>,
  },
  a11y: {
    settings: async () => (await import("./engines/a11y-settings")).a11ySettings,
    engine: async () => (await import("./engines/a11y")).a11yEngine as Engine<unknown>,
  },
  links: {
    settings: async () => (await import("./engines/links-settings")).linksSettings,
    engine: async () => (await import("./engines/links")).linksEngine as Engine<unknown>,
  },
  fuzz: {
    settings: async () => (await import("./engines/fuzz-settings")).fuzzSettings,
    engine: async () => (await import("./engines/fuzz")).fuzzEngine as Engine<unknown>,
  },
  devices: {
    settings: async () => (await import("./engines/devices-settings")).devicesSettings,
    engine: async () => (await import("./engines/devices")).devicesEngine as Engine<unknown>,
  },
};
