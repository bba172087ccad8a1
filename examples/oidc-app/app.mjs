#!/usr/bin/env node
// A web application that signs people in through Rollcall (OpenID Connect: the code flow with
// PKCE, state and nonce, using openid-client) and shows the claims of the ID token.
//
//   npm run rollcall -- app create --name Example --redirect-uri http://localhost:8080/callback --json
//   ROLLCALL_ISSUER=https://rollcall.example.com CLIENT_ID=rcc_… CLIENT_SECRET=rccs_… node app.mjs
//
// Open http://localhost:8080/ (add ?login_hint=<work email> or ?organization=<tenant id> to skip
// Rollcall's "work email" page). Without CLIENT_SECRET it is a public client (PKCE only).
import http from "node:http";
import * as oidc from "openid-client";

const { ROLLCALL_ISSUER, CLIENT_ID, CLIENT_SECRET, PORT = "8080" } = process.env;
const redirectUri = `http://localhost:${PORT}/callback`;
const issuer = new URL(ROLLCALL_ISSUER);
const auth = CLIENT_SECRET ? oidc.ClientSecretBasic(CLIENT_SECRET) : oidc.None();
// Plain http only for a Rollcall on your own machine; use https everywhere else.
const options = issuer.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : undefined;
const config = await oidc.discovery(issuer, CLIENT_ID, undefined, auth, options);
// Verify every ID token's signature against Rollcall's published keys (alg RS256 only).
oidc.enableNonRepudiationChecks(config);

const pending = new Map(); // state → { verifier, nonce }: one process; keep it in your session store

async function signIn(url, res) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  pending.set(state, { verifier, nonce });
  const params = {
    redirect_uri: redirectUri,
    scope: "openid profile email groups",
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  };
  for (const name of ["login_hint", "organization"]) {
    if (url.searchParams.get(name)) params[name] = url.searchParams.get(name);
  }
  res.writeHead(302, { Location: oidc.buildAuthorizationUrl(config, params).href }).end();
}

async function callback(url, res) {
  const state = url.searchParams.get("state");
  const flow = pending.get(state);
  pending.delete(state);
  if (!flow) return res.writeHead(400).end("Unknown or used sign-in; start again at /");
  const tokens = await oidc.authorizationCodeGrant(config, url, {
    pkceCodeVerifier: flow.verifier,
    expectedNonce: flow.nonce,
    expectedState: state,
  });
  const claims = tokens.claims(); // sub (per application), email, email_verified, name, org_id, groups…
  console.log(JSON.stringify({ signedIn: claims }));
  res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(claims, null, 2));
}

http
  .createServer((req, res) => {
    const url = new URL(req.url, redirectUri);
    const handler = url.pathname === "/" ? signIn : url.pathname === "/callback" ? callback : null;
    if (!handler) return res.writeHead(404).end();
    handler(url, res).catch((error) => {
      // An error answer from Rollcall (error=access_denied and why), or a token that does not verify.
      const said = error.error ? `${error.error}: ${error.error_description ?? ""}` : null;
      const reason = said ?? error.cause?.message ?? error.message;
      console.log(JSON.stringify({ refused: error.error ?? error.code ?? error.name, reason }));
      res.writeHead(401, { "Content-Type": "text/plain" }).end(`Sign-in failed: ${reason}`);
    });
  })
  .listen(Number(PORT), () => console.log(`listening on http://localhost:${PORT}/`));
