/**
 * lib/mail: the SMTP settings as nodemailer options (STARTTLS required unless told otherwise, so
 * nothing goes in clear to a server that does not offer it), the environment's checks, and the
 * templates (every value escaped in the HTML part, the link in both parts) — sent through a real
 * local SMTP server and read back with mailparser.
 */
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { createTransport } from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";
import { escapeHtml, invitationMail, verificationMail } from "@/lib/mail/templates";
import { mailFrom, smtpOptions } from "@/lib/mail/transport";

describe("SMTP settings", () => {
  it("send nothing without SMTP_HOST", () => {
    expect(smtpOptions(readEnv({}))).toBeNull();
  });

  it("require STARTTLS on port 587 by default; tls is TLS from the start on 465; none never upgrades", () => {
    expect(smtpOptions(readEnv({ SMTP_HOST: "smtp.example.com" }))).toMatchObject({
      host: "smtp.example.com",
      port: 587,
      secure: false,
      requireTLS: true,
      ignoreTLS: false,
      auth: undefined,
    });
    expect(smtpOptions(readEnv({ SMTP_HOST: "smtp.example.com", SMTP_SECURE: "tls" }))).toMatchObject({
      port: 465,
      secure: true,
      requireTLS: false,
    });
    expect(
      smtpOptions(
        readEnv({
          SMTP_HOST: "relay",
          SMTP_PORT: "2525",
          SMTP_SECURE: "none",
          SMTP_USER: "rollcall",
          SMTP_PASSWORD: "s3cret",
        }),
      ),
    ).toMatchObject({
      port: 2525,
      secure: false,
      requireTLS: false,
      ignoreTLS: true,
      auth: { user: "rollcall", pass: "s3cret" },
    });
  });

  it("are checked at start: a user needs a password, the port a number, the mode a known word", () => {
    expect(() => readEnv({ SMTP_HOST: "h", SMTP_USER: "u" })).toThrow(
      /SMTP_PASSWORD: must be set with SMTP_USER/,
    );
    expect(() => readEnv({ SMTP_PORT: "smtp" })).toThrow(/SMTP_PORT/);
    expect(() => readEnv({ SMTP_SECURE: "ssl" })).toThrow(/SMTP_SECURE/);
  });

  it("send from MAIL_FROM, else no-reply at the public URL's host", () => {
    expect(mailFrom(readEnv({ MAIL_FROM: "Acme IT <it@acme.example>" }))).toBe("Acme IT <it@acme.example>");
    expect(mailFrom(readEnv({}))).toMatch(/^Rollcall <no-reply@[^>]+>$/);
  });
});

describe("templates", () => {
  it("escape every value in the HTML part and keep it as typed in the text part", () => {
    const company = `<img src=x onerror="alert(1)"> & Co`;
    const mail = invitationMail(
      "a@b.example",
      company,
      "Ann",
      "https://rc.example/invite/t0k3n",
      new Date(0),
    );
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain(escapeHtml(company));
    expect(mail.text).toContain(company);
    expect(mail.text).toContain("https://rc.example/invite/t0k3n");
    expect(mail.html).toContain('href="https://rc.example/invite/t0k3n"');
  });
});

describe("sending through a local SMTP server", () => {
  const received: ParsedMail[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    // Offers no STARTTLS: a client that requires it must refuse to send.
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then((parsed) => {
          received.push(parsed);
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const transport = (secure: string) =>
    createTransport(
      smtpOptions(readEnv({ SMTP_HOST: "127.0.0.1", SMTP_PORT: String(port), SMTP_SECURE: secure }))!,
    );
  const message = verificationMail(
    "new@contoso.example",
    "Contoso",
    "https://rc.example/signup/confirm/abc",
    24,
  );

  it("refuses to send in clear when STARTTLS is required and the server does not offer it", async () => {
    await expect(transport("starttls").sendMail({ from: "rc@rc.example", ...message })).rejects.toThrow();
    expect(received).toHaveLength(0);
  });

  it("delivers a message with a plain-text and an HTML part", async () => {
    await transport("none").sendMail({ from: "rc@rc.example", ...message });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail!.subject).toBe("Confirm your email to create Contoso in Rollcall");
    expect(mail!.text).toContain("https://rc.example/signup/confirm/abc");
    expect(mail!.html).toContain("Confirm and sign in");
  });
});
