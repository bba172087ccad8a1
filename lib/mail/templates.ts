/**
 * The messages Rollcall sends, each as plain text and simple HTML from one description: a heading,
 * paragraphs, at most one button (the link, also written out for clients that show no HTML) and a
 * closing note. Every value is escaped in the HTML part: a company's name is whatever its admin
 * typed.
 */
import type { MailMessage } from "./transport";

const PRODUCT = "Rollcall";

type Content = {
  to: string;
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Under the button: when the link expires, what to do when it was not you. */
  footnote: string;
};

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(c: Content): MailMessage {
  const text = [
    c.heading,
    "",
    ...c.paragraphs.flatMap((p) => [p, ""]),
    ...(c.action ? [`${c.action.label}: ${c.action.url}`, ""] : []),
    c.footnote,
    "",
    `— ${PRODUCT}`,
  ].join("\n");
  const button = c.action
    ? `<p><a href="${escapeHtml(c.action.url)}" style="display:inline-block;background:#4f46e5;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(c.action.label)}</a></p>
<p style="color:#64748b;font-size:13px">Or open this link: <a href="${escapeHtml(c.action.url)}">${escapeHtml(c.action.url)}</a></p>`
    : "";
  const html = `<!doctype html>
<html lang="en"><body style="font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#0f172a;line-height:1.5">
<div style="max-width:560px;margin:0 auto;padding:24px">
<p style="font-weight:600;color:#4f46e5">${PRODUCT}</p>
<h1 style="font-size:20px">${escapeHtml(c.heading)}</h1>
${c.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${button}
<p style="color:#64748b;font-size:13px">${escapeHtml(c.footnote)}</p>
</div></body></html>`;
  return { to: c.to, subject: c.subject, text, html };
}

const NOT_YOU = "If you did not ask for this, ignore this message: nothing changes.";

/** Sign-up of a new address: the link that creates the company and signs in. */
export function verificationMail(to: string, company: string, url: string, hours: number): MailMessage {
  return render({
    to,
    subject: `Confirm your email to create ${company} in ${PRODUCT}`,
    heading: "Confirm your email address",
    paragraphs: [
      `Someone — we hope you — signed up for ${PRODUCT} with this address to create the company account "${company}".`,
      "Open the link to confirm the address; the company account is created and you are signed in.",
    ],
    action: { label: "Confirm and sign in", url },
    footnote: `The link works once, for ${hours} hours. ${NOT_YOU}`,
  });
}

/** Sign-up of an address that already has an account: no link, where to go instead. */
export function existingAccountMail(
  to: string,
  company: string,
  signInUrl: string,
  resetUrl: string,
): MailMessage {
  return render({
    to,
    subject: `You already have a ${PRODUCT} account`,
    heading: "You already have an account",
    paragraphs: [
      `Someone — we hope you — tried to sign up for ${PRODUCT} with this address, which already has an account: you are an administrator of ${company}. No new account was created.`,
      `Sign in at ${signInUrl}, or if you forgot your password, reset it at ${resetUrl}.`,
    ],
    footnote: NOT_YOU,
  });
}

export function invitationMail(
  to: string,
  company: string,
  inviter: string,
  url: string,
  expiresAt: Date,
): MailMessage {
  return render({
    to,
    subject: `${inviter} invited you to manage ${company} in ${PRODUCT}`,
    heading: `Join ${company} in ${PRODUCT}`,
    paragraphs: [
      `${inviter} invited you to become an administrator of ${company} in ${PRODUCT}, where the company's identity providers and provisioning are set up.`,
      "Open the link to choose your name and password.",
    ],
    action: { label: `Join ${company}`, url },
    footnote: `The link works once, until ${expiresAt.toUTCString()}. If you were not expecting it, ignore this message.`,
  });
}

export function passwordResetMail(to: string, company: string, url: string, minutes: number): MailMessage {
  return render({
    to,
    subject: `Reset your ${PRODUCT} password`,
    heading: "Reset your password",
    paragraphs: [
      `Someone — we hope you — asked to reset the password of your ${PRODUCT} account at ${company}.`,
      "Open the link to choose a new password. Every session of your account then ends.",
    ],
    action: { label: "Choose a new password", url },
    footnote: `The link works once, for ${minutes} minutes. ${NOT_YOU}`,
  });
}

/** An email change, sent to the new address; no link (`url` null) when it already has an account. */
export function emailChangeMail(to: string, company: string, url: string | null, hours: number): MailMessage {
  return render({
    to,
    subject: `Confirm your new email address for ${PRODUCT}`,
    heading: "Confirm your new email address",
    paragraphs: url
      ? [
          `An administrator of ${company} in ${PRODUCT} asked to use this address to sign in from now on.`,
          "Open the link to confirm it; until then the account keeps its old address.",
        ]
      : [
          `An administrator of ${company} in ${PRODUCT} asked to use this address to sign in, but it already has a ${PRODUCT} account. Nothing was changed.`,
        ],
    action: url ? { label: "Confirm new address", url } : undefined,
    footnote: url ? `The link works once, for ${hours} hours. ${NOT_YOU}` : NOT_YOU,
  });
}

/** Something changed on an account (its password, its address): a notice, with no link. */
export function accountNotice(to: string, company: string, change: string): MailMessage {
  return render({
    to,
    subject: `Your ${PRODUCT} account was changed`,
    heading: "Your account was changed",
    paragraphs: [`${change} (your ${PRODUCT} account at ${company}).`],
    footnote:
      "If this was you, there is nothing to do. If it was not, tell another administrator of your company at once.",
  });
}

/** To each administrator of a company its owner deleted: what went, and who did it. */
export function companyDeletedMail(to: string, company: string, by: string): MailMessage {
  return render({
    to,
    subject: `${company} was deleted from ${PRODUCT}`,
    heading: `${company} was deleted`,
    paragraphs: [
      `${by} deleted ${company} from ${PRODUCT}: its administrators, identity providers, provisioning tokens, provisioned users and groups, and its logs are gone.`,
      "Provisioning with its tokens and sign-in through its identity providers fail from now on.",
    ],
    footnote:
      "You get this as an administrator of the company. If nobody there meant to do this, contact your Rollcall provider at once.",
  });
}

/** An alert to one of a company's administrators; the footnote says how to stop this kind. */
export function alertMail(
  to: string,
  company: string,
  alert: { subject: string; heading: string; paragraphs: string[]; action: { label: string; url: string } },
  profileUrl: string,
): MailMessage {
  return render({
    to,
    subject: `${company}: ${alert.subject}`,
    heading: alert.heading,
    paragraphs: alert.paragraphs,
    action: alert.action,
    footnote: `You get this as an administrator of ${company}. At most one alert of this kind is sent an hour. To stop alerts of this kind, change your profile: ${profileUrl}`,
  });
}
