/**
 * Signing certificates as admins paste them: PEM, or the bare Base64 of the DER that Entra's
 * "Certificate (Base64)" download holds (with or without line breaks), or raw DER bytes from an
 * uploaded .cer file. Parsed by Node's X.509 implementation (OpenSSL).
 */
import { X509Certificate } from "node:crypto";
import type { z } from "zod";
import { AppError, fieldErrors } from "@/lib/errors";

export type CertificateInfo = {
  pem: string;
  subject: string;
  issuer: string;
  sha1: string;
  sha256: string;
  notBefore: Date;
  notAfter: Date;
};

export const EXPIRY_WARNING_DAYS = 30;

/** Why the text is not a usable certificate, as an error of the form's "certificate" field. */
function refused(reason: string): AppError {
  return new AppError(reason, { field: "certificate" });
}

const PEM_RE = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/;

function toDer(input: string | Buffer): Buffer {
  if (Buffer.isBuffer(input)) {
    const text = input.toString("latin1");
    if (text.includes("-----BEGIN") || /^[A-Za-z0-9+/=\s]+$/.test(text)) return toDer(text);
    return input;
  }
  const text = input.trim();
  if (!text) throw refused("Paste the signing certificate (Base64 or PEM)");
  if (text.includes("-----BEGIN")) {
    const match = PEM_RE.exec(text);
    if (!match) throw refused("The PEM block must be a CERTIFICATE (BEGIN/END CERTIFICATE)");
    return base64(match[1] ?? "");
  }
  return base64(text);
}

function base64(body: string): Buffer {
  const compact = body.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw refused("The certificate is not valid Base64 or PEM");
  }
  return Buffer.from(compact, "base64");
}

function toPem(der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** Parses and validates a certificate; refuses it with an AppError saying why, for an admin. */
export function parseCertificate(input: string | Buffer): CertificateInfo {
  const der = toDer(input);
  if (der.length > 16_384) throw refused("The certificate is too large (over 16 KB)");
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    throw refused("This is not an X.509 certificate (it could not be parsed)");
  }
  if (cert.publicKey.asymmetricKeyType !== "rsa" && cert.publicKey.asymmetricKeyType !== "ec") {
    throw refused("The certificate's key must be RSA or EC to verify signatures");
  }
  const pem = toPem(Buffer.from(cert.raw));
  return {
    pem,
    subject: cert.subject.replace(/\n/g, ", "),
    issuer: cert.issuer.replace(/\n/g, ", "),
    // Hex without separators, upper case (Node gives "AB:CD:…").
    sha1: cert.fingerprint.replace(/:/g, "").toUpperCase(),
    sha256: cert.fingerprint256.replace(/:/g, "").toUpperCase(),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
  };
}

export type ExpiryStatus = { state: "valid" | "expiring" | "expired" | "not-yet-valid"; daysLeft: number };

export function expiryStatus(notBefore: Date, notAfter: Date, now = new Date()): ExpiryStatus {
  const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
  if (now < notBefore) return { state: "not-yet-valid", daysLeft };
  if (notAfter <= now) return { state: "expired", daysLeft };
  if (daysLeft < EXPIRY_WARNING_DAYS) return { state: "expiring", daysLeft };
  return { state: "valid", daysLeft };
}

/** The expiry status of a stored identity provider's certificate, or null when it has none. */
export function certificateStatus(idp: {
  certificateNotBefore: Date | null;
  certificateNotAfter: Date | null;
}): ExpiryStatus | null {
  if (!idp.certificateNotBefore || !idp.certificateNotAfter) return null;
  return expiryStatus(idp.certificateNotBefore, idp.certificateNotAfter);
}

/** An optional certificate form field: nothing, a parsed certificate, or the reason it is not one. */
export function readCertificateField(text: string | undefined): {
  certificate: CertificateInfo | null;
  error?: string;
} {
  if (!text?.trim()) return { certificate: null };
  try {
    return { certificate: parseCertificate(text) };
  } catch (error) {
    return {
      certificate: null,
      error: error instanceof AppError ? error.message : "The certificate could not be read",
    };
  }
}

/**
 * A form's input parsed with `schema`, and the optional certificate in its `field`: or an AppError
 * naming every wrong field at once, the certificate's with the others.
 */
export function parseWithCertificate<S extends z.ZodType, F extends string>(
  schema: S,
  input: { [K in F]?: string },
  field: F,
): { data: z.output<S>; certificate: CertificateInfo | null } {
  const parsed = schema.safeParse(input);
  const fields = parsed.success ? {} : fieldErrors(parsed.error.issues);
  const { certificate, error } = readCertificateField(input[field]);
  if (error) fields[field] = error;
  if (Object.keys(fields).length > 0) throw AppError.invalidFields(fields);
  if (!parsed.success) throw AppError.fromIssues(parsed.error.issues);
  return { data: parsed.data, certificate };
}
