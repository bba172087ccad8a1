/**
 * Provisions a realistic directory through the real SCIM API, as Entra would: users with the
 * enterprise and uniFLOW extensions, then groups with members. Used by the e2e tests and by
 * `npm run seed`.
 */
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const UNIFLOW = "urn:ietf:params:scim:schemas:extension:uniFLOWOnline:2.0:User";
const DEPARTMENTS = ["Sales", "Marketing", "Engineering", "Finance", "Support", "Legal", "Operations"];
const GIVEN = [
  "Alex",
  "Megan",
  "Lee",
  "Adele",
  "Diego",
  "Grady",
  "Isaiah",
  "Johanna",
  "Lidia",
  "Nestor",
  "Patti",
  "Pradeep",
];
const FAMILY = [
  "Wilber",
  "Bowen",
  "Gu",
  "Vance",
  "Siciliani",
  "Archie",
  "Langer",
  "Lorenz",
  "Holloway",
  "Wilke",
  "Fernandez",
  "Gupta",
];

export type SeedResult = { userIds: string[]; groupIds: string[] };

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export async function seed(
  tenantUrl: string,
  token: string,
  { users = 1000, groups = 50, domain = "contoso.example", concurrency = 16 } = {},
): Promise<SeedResult> {
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" };
  const send = async (method: string, path: string, body: unknown) => {
    let res = await fetch(`${tenantUrl}${path}`, { method, headers, body: JSON.stringify(body) });
    // Over the rate limit: wait as told, then retry (as Entra does).
    while (res.status === 429) {
      await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? "1") * 1000));
      res = await fetch(`${tenantUrl}${path}`, { method, headers, body: JSON.stringify(body) });
    }
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
    return res.status === 204 ? null : ((await res.json()) as { id: string });
  };
  const userIds: string[] = new Array(users);
  await pool([...Array(users).keys()], concurrency, async (i) => {
    const given = GIVEN[i % GIVEN.length]!;
    const family = `${FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]}${i >= GIVEN.length * FAMILY.length ? i : ""}`;
    const userName = `${given}.${family}@${domain}`.toLowerCase();
    const created = await send("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENT, UNIFLOW],
      userName,
      externalId: `ext-${i}`,
      active: i % 17 !== 0,
      displayName: `${given} ${family}`,
      name: { givenName: given, familyName: family },
      emails: [{ type: "work", value: userName, primary: true }],
      title: i % 5 === 0 ? "Manager" : "Specialist",
      [ENT]: { department: DEPARTMENTS[i % DEPARTMENTS.length], employeeNumber: String(1000 + i) },
      [UNIFLOW]: { cardNumber: String(4_000_000 + i), localUsername: `${given[0]}${family}`.toLowerCase() },
    });
    userIds[i] = created!.id;
  });
  const groupIds: string[] = new Array(groups);
  await pool([...Array(groups).keys()], concurrency, async (g) => {
    const created = await send("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: `${DEPARTMENTS[g % DEPARTMENTS.length]} team ${g + 1}`,
      externalId: `grp-${g}`,
    });
    groupIds[g] = created!.id;
    const members = userIds.filter((_, i) => i % groups === g || (g === 0 && i % 3 === 0));
    for (let m = 0; m < members.length; m += 25) {
      await send("PATCH", `/Groups/${created!.id}`, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [
          { op: "Add", path: "members", value: members.slice(m, m + 25).map((value) => ({ value })) },
        ],
      });
    }
  });
  return { userIds, groupIds };
}
