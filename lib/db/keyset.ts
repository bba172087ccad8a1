/** Prisma arguments for keyset paging in id order: up to `limit` rows after the id `after`. */
export function afterId(after: string | undefined, limit: number) {
  return {
    where: after === undefined ? {} : { id: { gt: after } },
    orderBy: { id: "asc" as const },
    take: limit,
  };
}
