/**
 * Security headers of the machine-facing JSON APIs (SCIM, the health checks, the application API). Pages get theirs
 * from next.config.js; these routes set their own, because matching and expanding the config's
 * header rules costs Next.js more per request than the rest of a health check.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
  "Cache-Control": "no-store",
};
