import { describe, expect, it } from "vitest";
import { X509Certificate } from "node:crypto";
import { AppError } from "@/lib/errors";
import { certificateStatus, expiryStatus, parseCertificate } from "@/lib/x509/certificate";
import { pemBody, testCertificate } from "../support/certificates";

describe("parseCertificate", async () => {
  const { cert } = await testCertificate("Contoso signing");
  const x509 = new X509Certificate(cert);

  it("reads a PEM certificate and reports subject, thumbprints and validity", () => {
    const info = parseCertificate(cert);
    expect(info.subject).toBe("CN=Contoso signing");
    expect(info.sha1).toBe(x509.fingerprint.replace(/:/g, ""));
    expect(info.sha256).toBe(x509.fingerprint256.replace(/:/g, ""));
    expect(info.sha1).toMatch(/^[0-9A-F]{40}$/);
    expect(info.notAfter.getTime()).toBe(new Date(x509.validTo).getTime());
    expect(info.pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  });

  it("reads Entra's bare Base64 download, with or without line breaks", () => {
    const body = pemBody(cert);
    expect(parseCertificate(body).sha256).toBe(parseCertificate(cert).sha256);
    const wrapped = body.match(/.{1,76}/g)!.join("\r\n");
    expect(parseCertificate(wrapped).sha256).toBe(parseCertificate(cert).sha256);
  });

  it("reads raw DER bytes (an uploaded .cer file)", () => {
    expect(parseCertificate(Buffer.from(x509.raw)).sha1).toBe(parseCertificate(cert).sha1);
  });

  it.each([
    ["", "Paste the signing certificate"],
    ["not a certificate!", "not valid Base64 or PEM"],
    ["QUJDRA==", "could not be parsed"],
    ["-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----", "must be a CERTIFICATE"],
  ])("rejects %j with a specific reason", (input, reason) => {
    expect(() => parseCertificate(input)).toThrow(AppError);
    expect(() => parseCertificate(input)).toThrow(reason);
    expect(() => parseCertificate(input)).toThrow(
      expect.objectContaining({ fields: { certificate: expect.stringContaining(reason) } }),
    );
  });

  it("rejects a PEM whose body was tampered with", () => {
    const broken = cert.replace(/\n(.{10})/, "\nAAAAAAAAAA");
    expect(() => parseCertificate(broken)).toThrow(AppError);
  });
});

describe("expiryStatus", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  const from = new Date("2026-01-01T00:00:00Z");
  it.each([
    ["2027-01-01T00:00:00Z", "valid"],
    ["2026-06-20T00:00:00Z", "expiring"],
    ["2026-05-31T00:00:00Z", "expired"],
  ])("a certificate valid until %s is %s", (to, state) => {
    expect(expiryStatus(from, new Date(to), now).state).toBe(state);
  });

  it("knows a certificate that is not valid yet", () => {
    expect(expiryStatus(new Date("2026-07-01T00:00:00Z"), new Date("2027-01-01T00:00:00Z"), now).state).toBe(
      "not-yet-valid",
    );
  });

  it("counts the days left", () => {
    expect(expiryStatus(from, new Date("2026-06-11T00:00:00Z"), now).daysLeft).toBe(10);
  });

  it("has no status without a certificate", () => {
    expect(certificateStatus({ certificateNotBefore: null, certificateNotAfter: null })).toBeNull();
  });
});
