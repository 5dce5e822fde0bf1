import { describe, expect, it } from "vitest";
import * as schemas from "@/lib/targets/schemas";
import { ENVIRONMENTS, PROVIDER_CATALOG, PROVIDER_KINDS } from "./provider-catalog";

describe("provider catalog", () => {
  it("lists the environments and provider kinds the server accepts", () => {
    expect(ENVIRONMENTS).toEqual(schemas.ENVIRONMENTS);
    expect(PROVIDER_KINDS).toEqual(schemas.PROVIDER_KINDS);
  });

  it("has each provider's settings, required as the schema requires them, and its secrets", () => {
    for (const kind of schemas.PROVIDER_KINDS) {
      const shape = schemas.PROVIDERS[kind].settings.shape as Record<string, { safeParse: (v: unknown) => { success: boolean } }>;
      const fromSchema = Object.entries(shape).map(([key, s]) => ({ key, required: !s.safeParse(undefined).success }));
      expect(PROVIDER_CATALOG[kind].settings, kind).toEqual(fromSchema);
      const secrets = schemas.PROVIDERS[kind].secretKeys.filter((k) => !(kind === "none" && k === "deployHookUrl"));
      expect(PROVIDER_CATALOG[kind].secretKeys, kind).toEqual(secrets);
    }
  });
});
