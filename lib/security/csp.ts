/**
 * The pages' Content-Security-Policy: scripts only from Rollcall's origin or inline with this
 * response's nonce (Next.js puts it on its own scripts when it finds it in the request's policy),
 * so an injected inline script or event handler does not run. Styles may stay inline (React style
 * attributes, the charts); nothing may be framed or embedded as a plugin.
 */
export function pageContentSecurityPolicy(
  nonce: string,
  dev = process.env.NODE_ENV === "development",
): string {
  return [
    "default-src 'self'",
    // `next dev` (React's debugging tools) needs eval; production builds do not.
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ""}`,
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64: a fresh nonce per response. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
