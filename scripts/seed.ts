/**
 * Fills a tenant with demo data through its SCIM endpoint:
 *   npm run seed -- --tenant-url <url> --token <token> [--users 1000] [--groups 50]
 */
import { parseArgs } from "node:util";
import { seed } from "../tests/support/seed";

const { values } = parseArgs({
  options: {
    "tenant-url": { type: "string" },
    token: { type: "string" },
    users: { type: "string", default: "1000" },
    groups: { type: "string", default: "50" },
  },
});
if (!values["tenant-url"] || !values.token) {
  console.error("usage: npm run seed -- --tenant-url <url> --token <token> [--users 1000] [--groups 50]");
  process.exit(2);
}
const started = Date.now();
const result = await seed(values["tenant-url"], values.token, {
  users: Number(values.users),
  groups: Number(values.groups),
});
console.log(
  `seeded ${result.userIds.length} users and ${result.groupIds.length} groups in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
