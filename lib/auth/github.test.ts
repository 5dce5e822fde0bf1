import { afterAll, describe, expect, it } from "vitest";
import { startFakeGithub } from "@/tests/helpers/fake-github";
import { fetchGithubProfile, githubProvider, pickGithubEmail } from "./github";

describe("pickGithubEmail", () => {
  const mail = (email: string, primary: boolean, verified: boolean) => ({ email, primary, verified });

  it("takes the verified primary address when /user has no public email", () => {
    expect(pickGithubEmail(null, [mail("old@x.test", false, true), mail("me@x.test", true, true)])).toEqual({ email: "me@x.test", verified: true });
  });

  it("keeps a public /user email only when the emails list shows it verified", () => {
    expect(pickGithubEmail("Pub@x.test", [mail("pub@x.test", false, true), mail("me@x.test", true, true)])).toEqual({ email: "Pub@x.test", verified: true });
    expect(pickGithubEmail("pub@x.test", [mail("pub@x.test", false, false), mail("me@x.test", true, true)])).toEqual({ email: "me@x.test", verified: true });
  });

  it("never calls an unverified or non-primary address verified", () => {
    expect(pickGithubEmail(null, [mail("other@x.test", false, true), mail("me@x.test", true, false)])).toEqual({ email: "me@x.test", verified: false });
    expect(pickGithubEmail(null, [])).toEqual({ email: null, verified: false });
  });
});

describe("the GitHub provider against a local GitHub", async () => {
  const fake = await startFakeGithub({ clientId: "unit-client", clientSecret: "unit-secret", apiPrefix: "/api/v3" });
  afterAll(() => fake.close());

  it("points next-auth's GitHub provider at the configured host and API", () => {
    const provider = githubProvider({ clientId: "unit-client", clientSecret: "unit-secret", githubUrl: fake.url, apiUrl: fake.apiUrl });
    expect(provider.id).toBe("github");
    const options = provider.options as unknown as Record<string, { url?: string; params?: unknown } | string>;
    expect(options.authorization).toEqual({ url: `${fake.url}/login/oauth/authorize`, params: { scope: "read:user user:email" } });
    expect(options.token).toBe(`${fake.url}/login/oauth/access_token`);
    expect((options.userinfo as { url: string }).url).toBe(`${fake.apiUrl}/user`);
  });

  it("reads /user and takes the email from /user/emails, and refuses a token GitHub does not know", async () => {
    fake.setUser({
      id: 4242,
      login: "mona",
      name: null,
      email: null,
      emails: [{ email: "mona@example.test", primary: true, verified: true, visibility: "private" }],
    });
    const authorize = await fetch(`${fake.url}/login/oauth/authorize?client_id=unit-client&redirect_uri=http://app.test/cb&state=s&scope=read:user%20user:email`, { redirect: "manual" });
    const code = new URL(authorize.headers.get("location")!).searchParams.get("code")!;
    const exchange = await fetch(`${fake.url}/login/oauth/access_token`, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify({ client_id: "unit-client", client_secret: "unit-secret", code, redirect_uri: "http://app.test/cb" }),
    });
    const { access_token: token } = (await exchange.json()) as { access_token: string };

    const profile = await fetchGithubProfile(fake.apiUrl, token);
    expect(profile).toMatchObject({ id: 4242, login: "mona", email: "mona@example.test", email_verified: true });
    await expect(fetchGithubProfile(fake.apiUrl, "gho_unknown")).rejects.toThrow(/401/);
  });
});
