/**
 * A small authoritative DNS server on 127.0.0.1 for the tests (dns2, UDP): it answers TXT
 * questions from records a test sets, NXDOMAIN for any other name. Rollcall is pointed at it with
 * DNS_SERVERS=127.0.0.1:<port>. The Playwright run starts it in its own process
 * (tests/support/dns-server.ts) with a small HTTP interface to set records.
 */
import dns2 from "dns2";

const { Packet } = dns2;
const NXDOMAIN = 3;

export class TestDns {
  private readonly records = new Map<string, string[]>();
  /** Questions seen: the name and when (to show what Rollcall asked, and how often). */
  readonly asked: { name: string; at: number }[] = [];

  private constructor(
    private readonly server: ReturnType<typeof dns2.createServer>,
    readonly port: number,
  ) {}

  static async start(port = 0): Promise<TestDns> {
    let self: TestDns | null = null;
    const server = dns2.createServer({
      udp: true,
      handle: (request, send) => {
        const response = Packet.createResponseFromRequest(request);
        const [question] = request.questions;
        const name = question?.name.toLowerCase().replace(/\.$/, "") ?? "";
        self?.asked.push({ name, at: Date.now() });
        const values = self?.records.get(name);
        if (!question || !values) {
          response.header.rcode = NXDOMAIN;
        } else if (question.type === Packet.TYPE.TXT) {
          for (const data of values) {
            response.answers.push(Packet.createResourceFromQuestion(question, { ttl: 1, data }));
          }
        }
        send(response);
      },
    });
    await server.listen({ udp: { port, address: "127.0.0.1" } });
    const address = server.addresses().udp;
    if (!address) throw new Error("the test DNS server did not start");
    self = new TestDns(server, address.port);
    return self;
  }

  /** The value for DNS_SERVERS. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Publishes TXT records at `name`, replacing what was there. */
  setTxt(name: string, ...values: string[]): void {
    this.records.set(name.toLowerCase(), values);
  }

  /** Adds one TXT record at `name`, keeping the others. */
  addTxt(name: string, value: string): void {
    this.records.set(name.toLowerCase(), [...(this.records.get(name.toLowerCase()) ?? []), value]);
  }

  /** When `name` was asked for, in order (milliseconds since the epoch). */
  askedAt(name: string): number[] {
    return this.asked.filter((q) => q.name === name.toLowerCase()).map((q) => q.at);
  }

  remove(name: string): void {
    this.records.delete(name.toLowerCase());
  }

  async stop(): Promise<void> {
    await this.server.close();
  }
}
