/**
 * Fixtures for the integration suites, through vitest's test context
 * (https://vitest.dev/guide/test-context#test-extend): a block of tests per database, each block
 * with its running app, a provisioned tenant and a SCIM client bound to that tenant.
 *
 *   describeEachDatabase("SCIM /Groups on %s", { other: "Fabrikam" }, (suite) => {
 *     dbTest("creates a group", async ({ scim }) => {
 *       expect((await scim("POST", "/Groups", groupBody("Sales"))).status).toBe(201);
 *     });
 *   });
 *
 * A block starts its app in a beforeAll, before the block's own hooks, and stops it after its last
 * test, before the block's own afterAll hooks — as the hand-written set-up did, so a file starts no
 * more apps than before: one per database, one after the other. Its options (SuiteOptions) give the
 * app's environment, name the tenants, or start several instances on one database.
 *
 * Tests take what they need from their context (`kind`, `app`, `apps`, `tenant`, `scim`, `other`,
 * `otherScim`). Hooks and helpers written in the block read the same objects from `suite`: vitest
 * hands suite-level hooks no test-scoped fixtures, and the app lives exactly as long as its block.
 *
 * Without PostgreSQL, `testDatabases()` lists SQLite only (the global set-up says so, once), and a
 * block for PostgreSQL alone is reported as skipped.
 */
import { afterAll, beforeAll, describe, test } from "vitest";
import {
  createDatabase,
  provisionedTenant,
  startApp,
  testDatabases,
  type App,
  type Database,
  type TestDb,
} from "./app";
import { call, type Reply, type Tenant } from "./scim-client";

export type ProvisionedTenant = Awaited<ReturnType<typeof provisionedTenant>>;

/** A SCIM request with one tenant's token; `path` is relative to its tenant URL unless absolute. */
export type ScimClient = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Reply>;

export function scimClient(tenant: Tenant): ScimClient {
  return (method, path, body, headers) => call(tenant, method, path, body, headers);
}

type Env = Record<string, string>;

/** A tenant's company name, and whether its mass-deprovisioning guard stays on (off by default). */
export type TenantSpec = string | { name: string; guard?: boolean };

export type SuiteOptions = {
  /**
   * The app's extra environment. A function runs in the block's set-up, just before the app
   * starts: for a server the app must be pointed at (a DNS server), started per block.
   */
  env?: Env | (() => Env | Promise<Env>);
  /** The tenant of `tenant` and `scim`: "Contoso" unless named; false for none. */
  tenant?: TenantSpec | false;
  /** A second tenant of the same app, for `other` and `otherScim` (isolation checks). */
  other?: TenantSpec;
  /** App instances sharing one database, as behind a load balancer (`apps`; `app` is the first). */
  instances?: number | ((kind: TestDb) => number);
  /** How long the set-up (apps and tenants) may take, in ms; the project's hookTimeout otherwise. */
  timeout?: number;
};

/** What a block set up, for its hooks and helpers (tests get the same from their context). */
export interface DatabaseSuite {
  readonly kind: TestDb;
  readonly app: App;
  readonly apps: App[];
  readonly tenant: ProvisionedTenant;
  readonly scim: ScimClient;
  readonly other: ProvisionedTenant;
  readonly otherScim: ScimClient;
}

type Started = {
  apps: App[];
  database?: Database;
  tenant?: { value: ProvisionedTenant; scim: ScimClient };
  other?: { value: ProvisionedTenant; scim: ScimClient };
};

class Block implements DatabaseSuite {
  private started: Started | null = null;

  constructor(
    readonly kind: TestDb,
    private readonly options: SuiteOptions,
  ) {}

  async start(): Promise<void> {
    const { env: given = {}, tenant = "Contoso", other, instances: count = 1 } = this.options;
    const env = typeof given === "function" ? await given() : given;
    const instances = typeof count === "function" ? count(this.kind) : count;
    const started: Started = { apps: [] };
    this.started = started;
    if (instances === 1) {
      started.apps.push(await startApp(this.kind, { env }));
    } else {
      const database = await createDatabase(this.kind);
      started.database = database;
      const apps = await Promise.allSettled(
        Array.from({ length: instances }, () => startApp(this.kind, { database, env })),
      );
      for (const a of apps) if (a.status === "fulfilled") started.apps.push(a.value);
      const failed = apps.find((a) => a.status === "rejected");
      if (failed) throw failed.reason;
    }
    const app = started.apps[0]!;
    if (tenant !== false) started.tenant = await provision(app, tenant);
    if (other !== undefined) started.other = await provision(app, other);
  }

  async stop(): Promise<void> {
    const started = this.started;
    this.started = null;
    if (!started) return;
    for (const app of started.apps) await app.stop();
    await started.database?.drop();
  }

  private get state(): Started {
    if (!this.started)
      throw new Error("the block's app is not running: read `suite` in a test, a hook or a helper one calls");
    return this.started;
  }

  get app(): App {
    return this.state.apps[0]!;
  }
  get apps(): App[] {
    return this.state.apps;
  }
  get tenant(): ProvisionedTenant {
    return this.provisioned("tenant").value;
  }
  get scim(): ScimClient {
    return this.provisioned("tenant").scim;
  }
  get other(): ProvisionedTenant {
    return this.provisioned("other").value;
  }
  get otherScim(): ScimClient {
    return this.provisioned("other").scim;
  }

  private provisioned(which: "tenant" | "other") {
    const found = this.state[which];
    if (!found)
      throw new Error(
        which === "tenant"
          ? "this block provisions no tenant (tenant: false)"
          : 'this block has no second tenant: describe it with { other: "<company>" }',
      );
    return found;
  }
}

async function provision(app: App, spec: TenantSpec) {
  const { name, guard = false } = typeof spec === "string" ? { name: spec } : spec;
  const value = await provisionedTenant(app, name, { guard });
  return { value, scim: scimClient(value) };
}

/** The `suite` of a test written outside a block: every fixture says where it belongs. */
const outside = new Proxy({} as DatabaseSuite, {
  get(_, name) {
    if (name === "then") return undefined; // not a promise: vitest awaits fixture values
    throw new Error(
      `dbTest's ${String(name)} exists only inside describeEachDatabase() or describeOnDatabase()`,
    );
  },
});

/** A test inside a block; its context carries the block's app, tenants and SCIM clients. */
export const dbTest = test
  .extend("suite", outside)
  .extend("kind", ({ suite }) => suite.kind)
  .extend("app", ({ suite }) => suite.app)
  .extend("apps", ({ suite }) => suite.apps)
  .extend("tenant", ({ suite }) => suite.tenant)
  .extend("scim", ({ suite }) => suite.scim)
  .extend("other", ({ suite }) => suite.other)
  .extend("otherScim", ({ suite }) => suite.otherScim);

type Body = (suite: DatabaseSuite) => void;

function block(kind: TestDb, options: SuiteOptions, body: Body): void {
  const suite = new Block(kind, options);
  beforeAll(() => suite.start(), options.timeout);
  dbTest.override({ suite });
  body(suite);
  // Registered last, so it runs first (vitest runs afterAll hooks in reverse): the app stops
  // before the block's own afterAll hooks stop what it was pointed at (a DNS server, an IdP).
  afterAll(() => suite.stop());
}

/**
 * A block of tests for every database this machine can test; `title` names it with %s (the
 * database), as describe.each does.
 */
export function describeEachDatabase(title: string, body: Body): void;
export function describeEachDatabase(title: string, options: SuiteOptions, body: Body): void;
export function describeEachDatabase(title: string, a: SuiteOptions | Body, b?: Body): void {
  const [options, body] = typeof a === "function" ? [{}, a] : [a, b!];
  describe.each(testDatabases())(title, (kind) => block(kind, options, body));
}

/** A block of tests for one database, skipped (and reported so) where it is not installed. */
export function describeOnDatabase(kind: TestDb, title: string, body: Body): void;
export function describeOnDatabase(kind: TestDb, title: string, options: SuiteOptions, body: Body): void;
export function describeOnDatabase(kind: TestDb, title: string, a: SuiteOptions | Body, b?: Body): void {
  const [options, body] = typeof a === "function" ? [{}, a] : [a, b!];
  describe.skipIf(!testDatabases().includes(kind))(title, () => block(kind, options, body));
}
