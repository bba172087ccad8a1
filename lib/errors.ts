/** A user-facing error from a domain service: `field` names the form field it belongs to. */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly code: "invalid" | "conflict" | "not_found" | "forbidden" = "invalid",
  ) {
    super(message);
    this.name = "DomainError";
  }
}
