import { z } from "zod";
import { parseInput } from "@/lib/errors";

/** One form field's value through its schema; an AppError names the field, so the form shows it there. */
export function parseField<S extends z.ZodType>(field: string, schema: S, value: unknown): z.output<S> {
  return parseInput(z.object({ [field]: schema }), { [field]: value })[field] as z.output<S>;
}
