/**
 * The bridge between Next.js route handlers (Web Request/Response) and oidc-provider (a Koa app,
 * Node's req/res): light-my-request, fastify's injection library, builds a Node request from the
 * Web one and collects the Node response (decision 0014). The provider always sees the issuer's
 * host and scheme — whatever host or forwarding headers the client sent are dropped — and the
 * client address Rollcall determined (TRUST_PROXY), never one the client wrote.
 */
import { IncomingMessage, ServerResponse, type OutgoingHttpHeaders } from "node:http";
import { Socket } from "node:net";
import inject from "light-my-request";
import type { Provider } from "oidc-provider";
import { clientAddress } from "@/lib/security/client-address";
import { oidcIssuer } from "./issuer";
import { oidcProvider } from "./provider";

/** Form posts to the token, revocation and logout endpoints are small. */
export const MAX_BODY_BYTES = 64 * 1024;

const DROPPED =
  /^(host|forwarded|x-forwarded-.*|x-real-ip|x-rollcall-.*|connection|content-length|transfer-encoding)$/i;

function issuerHeaders(): { host: string; "x-forwarded-proto": string } {
  const issuer = new URL(oidcIssuer());
  return { host: issuer.host, "x-forwarded-proto": issuer.protocol.replace(/:$/, "") };
}

function toHeaders(headers: OutgoingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || /^(connection|transfer-encoding|content-length)$/i.test(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.append(name, String(v));
  }
  return out;
}

function tooLarge(): Response {
  return Response.json(
    { error: "invalid_request", error_description: "the request body is larger than 64 KiB" },
    { status: 413, headers: { "Cache-Control": "no-store" } },
  );
}

/** Passes a request to the provider and returns its answer. */
export async function forwardToProvider(request: Request): Promise<Response> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return tooLarge();
  const body =
    request.method === "GET" || request.method === "HEAD"
      ? undefined
      : Buffer.from(await request.arrayBuffer());
  if (body && body.length > MAX_BODY_BYTES) return tooLarge();
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (!DROPPED.test(name)) headers[name] = value;
  });
  const address = clientAddress(request.headers);
  const url = new URL(request.url);
  const provider = await oidcProvider();
  const answer = await inject(provider.callback(), {
    method: request.method as "GET" | "POST" | "HEAD" | "OPTIONS",
    url: `${url.pathname}${url.search}`,
    headers: { ...headers, ...issuerHeaders(), "x-forwarded-for": address },
    remoteAddress: address,
    ...(body ? { payload: body } : {}),
  });
  const empty = request.method === "HEAD" || [204, 304].includes(answer.statusCode);
  return new Response(empty ? null : new Uint8Array(answer.rawPayload), {
    status: answer.statusCode,
    headers: toHeaders(answer.headers),
  });
}

/**
 * A Node request carrying only the browser's cookies, for the provider's interaction helpers
 * (interactionDetails, interactionResult), which read the interaction cookie from it.
 */
export function cookieCarrier(cookieHeader: string | null): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  req.method = "GET";
  req.url = "/";
  req.headers = { ...issuerHeaders(), ...(cookieHeader ? { cookie: cookieHeader } : {}) };
  return { req, res: new ServerResponse(req) };
}

export type { Provider };
