import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "pg",
  migrations: { path: "pg/migrations" },
});
