/**
 * The part of newman's Node API (https://github.com/postmanlabs/newman#api-reference) that
 * tests/support/postman.ts uses; newman ships no type declarations.
 */
declare module "newman" {
  import type { EventEmitter } from "node:events";

  export type VariableList = { values: { key: string; value: string }[] };

  export type RunOptions = {
    collection: unknown;
    environment?: VariableList;
    globals?: VariableList;
    iterationData?: Record<string, string>[];
    reporters?: string[];
    timeoutRequest?: number;
    ignoreRedirects?: boolean;
  };

  /** postman-collection's Item, ItemGroup and Collection, as far as used here. */
  export type PostmanItem = {
    id: string;
    name: string;
    parent(): PostmanItem | undefined;
  };

  export type PostmanRequest = {
    method: string;
    url: { toString(): string };
    body?: { toString(): string };
  };

  export type PostmanResponse = {
    code: number;
    status: string;
    text(): string;
  };

  export type Execution = {
    cursor: { ref: string; position: number };
    item: PostmanItem;
    request?: PostmanRequest;
    response?: PostmanResponse;
    requestError?: Error;
    assertions?: { assertion: string; skipped: boolean; error?: Error }[];
    testScript?: { error: Error }[];
    prerequestScript?: { error: Error }[];
  };

  export type Summary = {
    run: {
      executions: Execution[];
      failures: { error: Error; source?: { name?: string } }[];
    };
  };

  export function run(
    options: RunOptions,
    callback: (err: Error | null, summary: Summary) => void,
  ): EventEmitter;
}
