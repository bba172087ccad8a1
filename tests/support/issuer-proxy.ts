/**
 * A reverse proxy in front of the app instances, as a load balancer is in production: the OpenID
 * Provider's issuer (OIDC_ISSUER) and APP_URL are its URL, and each request goes to the instance a
 * test chooses (`use(app)`), so one step of a sign-in can run on one instance and the next on
 * another. It can also play a man in the middle that alters the token endpoint's answers
 * (`tamper`), to show that a relying party refuses what Rollcall did not sign.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type TokenTamper = (body: Record<string, unknown>) => Record<string, unknown>;

export class IssuerProxy {
  private target: string | null = null;
  private tamperWith: TokenTamper | null = null;
  /** Which instance answered each path, in order. */
  readonly served: { path: string; target: string }[] = [];
  url = "";

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<IssuerProxy> {
    let self: IssuerProxy | null = null;
    const server = http.createServer((req, res) => void self?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    self = new IssuerProxy(server);
    self.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return self;
  }

  /** Sends the following requests to this instance. */
  use(app: { url: string }): void {
    this.target = app.url;
  }

  /** Alters the JSON of the token endpoint's answers from now on (null: pass them through). */
  tamper(fn: TokenTamper | null): void {
    this.tamperWith = fn;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const target = this.target;
    if (!target) {
      res.writeHead(503).end("no instance");
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || ["connection", "content-length", "transfer-encoding"].includes(name))
        continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
    }
    // As a load balancer says which host the browser asked for (Next.js checks server actions' Origin).
    headers.set("x-forwarded-host", new URL(this.url).host);
    const path = req.url ?? "/";
    this.served.push({ path: path.split("?")[0]!, target });
    const answer = await fetch(`${target}${path}`, {
      method: req.method,
      headers,
      body: body.length > 0 ? body : undefined,
      redirect: "manual",
    });
    let payload = Buffer.from(await answer.arrayBuffer());
    if (this.tamperWith && path.startsWith("/oidc/token") && answer.status === 200) {
      payload = Buffer.from(JSON.stringify(this.tamperWith(JSON.parse(payload.toString("utf8")))));
    }
    const out: Record<string, string | string[]> = {};
    answer.headers.forEach((value, name) => {
      if (!["content-length", "content-encoding", "transfer-encoding", "set-cookie"].includes(name))
        out[name] = value;
    });
    const cookies = answer.headers.getSetCookie();
    if (cookies.length > 0) out["set-cookie"] = cookies;
    res.writeHead(answer.status, out);
    res.end(payload);
  }

  async stop(): Promise<void> {
    // Keep-alive connections from the tests' fetch would hold close() open.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
