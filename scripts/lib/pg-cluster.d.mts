export function findPgBin(): string | null;
export function freePort(): Promise<number>;
export type PgCluster = {
  url: string;
  port: number;
  createDatabase(name: string): string;
  stop(): void;
};
export function startPgCluster(options?: { database?: string }): Promise<PgCluster>;
