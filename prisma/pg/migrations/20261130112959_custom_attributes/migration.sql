-- AlterTable
ALTER TABLE "ScimRequestLog" ADD COLUMN     "unknownAttribute" TEXT;

-- CreateTable
CREATE TABLE "CustomAttribute" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "schemaUrn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "multiValued" BOOLEAN NOT NULL DEFAULT false,
    "caseExact" BOOLEAN NOT NULL DEFAULT false,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomAttribute_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CustomAttribute_tenantId_key_key" ON "CustomAttribute"("tenantId", "key");

-- AddForeignKey
ALTER TABLE "CustomAttribute" ADD CONSTRAINT "CustomAttribute_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Case-insensitive comparison for SCIM filters (lib/db/fold.ts): NFKC, then Unicode lower-case with
-- the final sigma folded, exactly as the application folds the indexed columns. Under the ICU root
-- collation lower() folds like JavaScript whatever the database's locale; without ICU, the
-- database's own lower().
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN
    CREATE FUNCTION rc_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $f$ SELECT replace(lower(normalize($1, NFKC) COLLATE "und-x-icu"), 'ς', 'σ') $f$;
  ELSE
    CREATE FUNCTION rc_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $f$ SELECT replace(lower(normalize($1, NFKC)), 'ς', 'σ') $f$;
  END IF;
END
$$;

-- A JSON text value as a number, or NULL when it is not one: a filter `attr gt 5` never fails on a
-- row (of any tenant) that keeps text under the same attribute name.
CREATE FUNCTION rc_numeric(text) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $f$ SELECT CASE WHEN $1 ~ '^\s*-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\s*$' THEN $1::numeric END $f$;
