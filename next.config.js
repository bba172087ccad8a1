/**
 * Security headers on every response except the JSON APIs under /api/scim, /api/health and /api/v1, which
 * set their own, stricter set (lib/security/headers.ts). Browsers ignore HSTS received over plain
 * http, so it is safe to send always and takes effect once Rollcall is served over https. The
 * Content-Security-Policy is not here: it carries a fresh nonce per response, set in proxy.ts.
 */
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // SCIM clients paste tenant URLs with and without a trailing slash; never answer them with a redirect.
  skipTrailingSlashRedirect: true,
  serverExternalPackages: [
    "better-sqlite3",
    "@node-rs/argon2",
    "pg",
    "@node-saml/node-saml",
    "xml-crypto",
    "@xmldom/xmldom",
    "oidc-provider",
    "koa",
    "light-my-request",
    // One instance per server: its JWKS cache (per discovered issuer) must be shared by every route.
    "openid-client",
    "oauth4webapi",
    "nodemailer",
  ],
  async headers() {
    return [{ source: "/((?!api/scim/|api/health/|api/v1/).*)", headers: securityHeaders }];
  },
};

export default nextConfig;
