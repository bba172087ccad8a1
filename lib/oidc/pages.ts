/**
 * The few pages the OpenID Provider renders itself (sign-out confirmation, signed out, protocol
 * errors shown to a person): plain HTML without scripts, in Rollcall's look. Everything
 * interpolated is escaped.
 */
import type { ErrorOut, KoaContextWithOIDC } from "oidc-provider";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE =
  "body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;margin:0;padding:48px 16px}" +
  "main{max-width:28rem;margin:0 auto;background:#fff;border-radius:8px;padding:32px;box-shadow:0 1px 2px rgba(0,0,0,.08);outline:1px solid #e2e8f0}" +
  "h1{font-size:1.25rem;margin:0 0 12px}p{color:#475569;font-size:.9rem}" +
  "button{display:block;width:100%;margin-top:12px;padding:10px;border-radius:6px;border:1px solid #cbd5e1;background:#fff;font-weight:600;cursor:pointer}" +
  "button.primary{background:#4f46e5;border-color:#4f46e5;color:#fff}";

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

const clientName = (ctx: KoaContextWithOIDC) => ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId;

/** RP-initiated logout: asks before ending the session (the form carries the provider's xsrf). */
export function logoutSource(ctx: KoaContextWithOIDC, form: string): void {
  const name = clientName(ctx);
  ctx.type = "html";
  ctx.body = page(
    "Sign out",
    `<h1>Sign out${name ? ` of ${escapeHtml(name)}` : ""}?</h1><p>You will be signed out of the applications you signed in to through Rollcall in this browser.</p>${form}` +
      `<button class="primary" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>` +
      `<button type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

export function postLogoutSuccessSource(ctx: KoaContextWithOIDC): void {
  ctx.type = "html";
  ctx.body = page("Signed out", "<h1>You are signed out</h1><p>You may close this window.</p>");
}

/** An error the provider cannot send back to the application (unknown client, bad redirect_uri…). */
export function renderError(ctx: KoaContextWithOIDC, out: ErrorOut): void {
  ctx.type = "html";
  const rows = [
    `<p><strong>error</strong>: ${escapeHtml(out.error)}</p>`,
    out.error_description
      ? `<p><strong>error_description</strong>: ${escapeHtml(out.error_description)}</p>`
      : "",
  ].join("");
  ctx.body = page(
    "Sign-in failed",
    `<h1>Sign-in failed</h1><p>The application's sign-in request could not be completed. Go back to the application and try again.</p>${rows}`,
  );
}

/** The answer for an interaction this browser does not hold (expired, used, or another browser's). */
export function expiredInteraction(): Response {
  return new Response(
    page(
      "Sign-in expired",
      "<h1>This sign-in has expired</h1><p>Go back to the application and sign in again.</p>",
    ),
    { status: 400, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } },
  );
}
