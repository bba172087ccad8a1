/** Our SAML service-provider metadata for this identity provider (for Entra's "Upload metadata file"). */
import { findSsoIdp } from "@/lib/sso/idp";
import { spMetadataXml } from "@/lib/sso/metadata";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ publicId: string }> }) {
  const idp = await findSsoIdp((await params).publicId);
  // An OpenID Connect identity provider is given the redirect URI instead: there is no metadata.
  if (!idp || idp.type === "oidc") return new Response("Unknown identity provider", { status: 404 });
  const download = new URL(request.url).searchParams.has("download");
  return new Response(spMetadataXml(idp.publicId, idp.type), {
    headers: {
      "Content-Type": "application/samlmetadata+xml; charset=utf-8",
      ...(download
        ? { "Content-Disposition": `attachment; filename="rollcall-${idp.publicId}-metadata.xml"` }
        : {}),
    },
  });
}
