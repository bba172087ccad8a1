/**
 * Email through SMTP (nodemailer), configured by the environment (SMTP_HOST…, MAIL_FROM). Without
 * SMTP_HOST Rollcall sends nothing: callers ask `mailEnabled()` and show a link in the portal
 * instead. Messages carry one-time links, so nothing of a message — not its text, not its link, not
 * even its recipient — is ever written to the log; a failure is logged by the kind of message.
 */
import { createTransport } from "nodemailer";
import type { SMTPTransportOptions } from "nodemailer/lib/smtp-transport";
import { appUrl } from "@/lib/config";
import { env, type Env } from "@/lib/env";
import { logError } from "@/lib/log";

export type MailMessage = { to: string; subject: string; text: string; html: string };

/** What a message is, for the log when it cannot be sent (never its content). */
export type MailKind =
  "verification" | "existing-account" | "invitation" | "password-reset" | "email-change" | "notice" | "alert";

/** Is an SMTP server configured? */
export function mailEnabled(): boolean {
  return env().SMTP_HOST !== undefined;
}

/** nodemailer's options for the environment's SMTP settings (null: no SMTP_HOST). */
export function smtpOptions(e: Env): SMTPTransportOptions | null {
  if (!e.SMTP_HOST) return null;
  return {
    host: e.SMTP_HOST,
    port: e.SMTP_PORT ?? (e.SMTP_SECURE === "tls" ? 465 : 587),
    secure: e.SMTP_SECURE === "tls",
    // STARTTLS is required, not merely tried: a server (or someone in between) that does not offer
    // it gets no message, rather than the password and a one-time link in clear.
    requireTLS: e.SMTP_SECURE === "starttls",
    ignoreTLS: e.SMTP_SECURE === "none",
    auth: e.SMTP_USER ? { user: e.SMTP_USER, pass: e.SMTP_PASSWORD ?? "" } : undefined,
    // An invitation waits for its message: a mail server that does not answer must not hold the
    // admin's form for nodemailer's default two minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

/** The sender: MAIL_FROM, else Rollcall at no-reply@ the public URL's host. */
export function mailFrom(e: Env): string {
  return e.MAIL_FROM ?? `Rollcall <no-reply@${new URL(appUrl()).hostname}>`;
}

const cache = globalThis as typeof globalThis & { __rollcallMailer?: ReturnType<typeof createTransport> };

function transporter() {
  const options = smtpOptions(env());
  if (!options) throw new Error("SMTP is not configured");
  cache.__rollcallMailer ??= createTransport(options);
  return cache.__rollcallMailer;
}

/** Sends a message and waits for the SMTP server to take it; throws when it does not. */
export async function sendMail(message: MailMessage): Promise<void> {
  await transporter().sendMail({ from: mailFrom(env()), ...message });
}

/**
 * Sends a message without making the caller wait: answers that must not tell whether an account
 * exists (sign-up, password reset, email change) take the same time whether or not a message
 * goes out, and a slow mail server never slows them down. Given a function, the work that decides
 * the message (and may decide there is none) runs after the answer too, so not even the database
 * work that differs between an address with an account and one without is in the answer's time.
 * A failure is logged by kind only.
 */
export function sendInBackground(
  kind: MailKind,
  message: MailMessage | (() => Promise<MailMessage | null>),
): void {
  (typeof message === "function" ? message() : Promise.resolve(message))
    .then((composed) => (composed ? sendMail(composed) : undefined))
    .catch((error: unknown) => logError("mail", `the ${kind} message was not sent`, error));
}
