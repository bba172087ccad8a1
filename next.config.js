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
  ],
};

export default nextConfig;
