/**
 * oidc-provider's interaction policy, with Rollcall's checks on the login prompt: a session is
 * reused for an application only while its account may sign in to it now (still provisioned and
 * active, a tenant the application admits) and belongs to the company the request names
 * (`organization`, or a `login_hint` at another tenant's verified domain). Otherwise the person
 * signs in again — or, with `prompt=none`, the application gets `login_required`.
 *
 * Consent is the operator's: applications are first-party, registered by the operator, so the
 * requested scopes are granted without a consent page (`grantRequested`); an explicit
 * `prompt=consent` is answered by Rollcall's interaction page the same way, without asking.
 */
import { interactionPolicy, type Grant, type KoaContextWithOIDC } from "oidc-provider";
import { parseAccountId } from "./accounts";
import { requestedTenant } from "./routing";

const { Check, base } = interactionPolicy;

export function rollcallPolicy(): interactionPolicy.DefaultPolicy {
  const policy = base();
  const login = policy.get("login");
  if (!login) throw new Error("oidc-provider's base policy has no login prompt");
  login.checks.add(
    new Check(
      "account_unavailable",
      "the signed-in account can no longer sign in here",
      "login_required",
      (ctx) => {
        const { session, account } = ctx.oidc;
        return Boolean(session?.accountId) && account === undefined
          ? Check.REQUEST_PROMPT
          : Check.NO_NEED_TO_PROMPT;
      },
    ),
  );
  login.checks.add(
    new Check(
      "organization_mismatch",
      "the request names another organization",
      "login_required",
      async (ctx) => {
        const ref = ctx.oidc.session?.accountId ? parseAccountId(ctx.oidc.session.accountId) : null;
        if (!ref) return Check.NO_NEED_TO_PROMPT;
        const wanted = await requestedTenant(ctx.oidc.params ?? {});
        return wanted !== null && wanted !== ref.tenantId ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
      },
    ),
  );
  return policy;
}

/**
 * oidc-provider's loadExistingGrant: the session's grant for this application, extended to what
 * this request asks for (first-party applications: the operator consents for them).
 */
export async function grantRequested(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { oidc } = ctx;
  const client = oidc.client;
  const accountId = oidc.account?.accountId;
  if (!client || !accountId || !oidc.session) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(client.clientId);
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  const grant =
    existing && existing.accountId === accountId
      ? existing
      : new oidc.provider.Grant({ accountId, clientId: client.clientId });
  const scopes = [...oidc.requestParamOIDCScopes].join(" ");
  if (scopes) grant.addOIDCScope(scopes);
  const claims = [...oidc.requestParamClaims].filter(
    (c) => !["sub", "sid", "auth_time", "acr", "amr", "iss"].includes(c),
  );
  if (claims.length > 0) grant.addOIDCClaims(claims);
  await grant.save();
  return grant;
}
