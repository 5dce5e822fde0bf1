import type { Engine } from "../engine";
import type { TQaKind } from "../schemas";

// The engines, loaded on first use in the worker (a load test never loads Chromium, and the other way round).
export const ENGINES: Record<TQaKind, () => Promise<Engine<unknown>>> = {
  load: async () => (await import("./load")).loadEngine as Engine<unknown>,
  a11y: async () => (await import("./a11y")).a11yEngine as Engine<unknown>,
  links: async () => (await import("./links")).linksEngine as Engine<unknown>,
  fuzz: async () => (await import("./fuzz")).fuzzEngine as Engine<unknown>,
  devices: async () => (await import("./devices")).devicesEngine as Engine<unknown>,
};
