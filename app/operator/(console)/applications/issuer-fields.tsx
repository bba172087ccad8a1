import { CopyField } from "@/components/ui/copy-button";

/** Where OpenID Connect Discovery puts the provider's configuration: under the issuer. */
export const discoveryUrl = (issuer: string) => `${issuer}/.well-known/openid-configuration`;

/**
 * What an application's OpenID Connect library is given: its client id (once there is one), the
 * issuer, and the discovery document it reads the endpoints and keys from. The values wrap rather
 * than scroll: a discovery URL is wider than a phone.
 */
export function IssuerFields({
  issuer,
  clientId,
  discovery = true,
}: {
  issuer: string;
  clientId?: string;
  discovery?: boolean;
}) {
  return (
    <div className="space-y-3 text-left">
      {clientId ? (
        <CopyField
          label="Client id"
          value={clientId}
          testId="new-client-id"
          copyLabel="Copy the client id"
          wrap
        />
      ) : null}
      <CopyField label="Issuer" value={issuer} testId="oidc-issuer" copyLabel="Copy the issuer" wrap />
      {discovery ? (
        <CopyField
          label="Discovery URL"
          value={discoveryUrl(issuer)}
          testId="oidc-discovery"
          copyLabel="Copy the discovery URL"
          wrap
        />
      ) : null}
    </div>
  );
}
