/**
 * A real local SMTP server for the tests (smtp-server), keeping every message it receives as
 * mailparser reads it: the recipients, the subject, the plain text and the HTML. The app under test
 * is pointed at it with `mailbox.env` (no TLS: SMTP_SECURE=none). Tests wait for a message to an
 * address and take the link out of it, as a person would click it.
 */
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string[]; subject: string; text: string; html: string; at: number };

export type Mailbox = {
  port: number;
  /** The app's environment for this server. */
  env: Record<string, string>;
  messages: ReceivedMail[];
  /** Messages to `to` (case-insensitive), oldest first. */
  to(address: string): ReceivedMail[];
  /** The first message to `to` received after `since` (ms) that `match` accepts; waits for it. */
  waitFor(
    address: string,
    options?: { since?: number; match?: (mail: ReceivedMail) => boolean; timeoutMs?: number },
  ): Promise<ReceivedMail>;
  stop(): Promise<void>;
};

/** The first link in a message's text whose path starts with `prefix` (`/signup/confirm/`). */
export function linkIn(mail: ReceivedMail, prefix: string): string {
  const found = mail.text.match(/https?:\/\/\S+/g)?.find((url) => new URL(url).pathname.startsWith(prefix));
  if (!found) throw new Error(`no ${prefix} link in "${mail.subject}":\n${mail.text}`);
  return found;
}

/** Starts the server on `port` (0: a free one), on 127.0.0.1, without STARTTLS or authentication. */
export async function startMailbox(port = 0): Promise<Mailbox> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            at: Date.now(),
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.server.address() as AddressInfo).port;
  const to = (address: string) => messages.filter((m) => m.to.includes(address.toLowerCase()));
  return {
    port: actual,
    env: { SMTP_HOST: "127.0.0.1", SMTP_PORT: String(actual), SMTP_SECURE: "none" },
    messages,
    to,
    async waitFor(address, { since = 0, match = () => true, timeoutMs = 10_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = to(address).find((m) => m.at >= since && match(m));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no message to ${address} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
