import { generate } from "selfsigned";

/** A freshly generated self-signed signing certificate (PEM) and its private key. */
export async function testCertificate(
  commonName = "Test IdP signing",
  { notBefore = new Date(Date.now() - 86_400_000), days = 365 } = {},
): Promise<{ cert: string; key: string }> {
  const notAfter = new Date(notBefore.getTime() + days * 86_400_000);
  const pems = await generate([{ name: "commonName", value: commonName }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
  });
  return { cert: pems.cert, key: pems.private };
}

/** The Base64 body of a PEM certificate, as Entra's "Certificate (Base64)" download holds it. */
export function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
}
