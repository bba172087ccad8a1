import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/constants";

export const emailSchema = z
  .string()
  .trim()
  .min(1, "Enter an email address")
  .max(254, "That email address is too long")
  .email("Enter a valid email address");

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, "Use at most 200 characters");

export const personNameSchema = z
  .string()
  .trim()
  .min(1, "Enter your name")
  .max(120, "Use at most 120 characters");

export const signUpSchema = z.object({
  companyName: z.string().trim().min(2, "Enter your company's name").max(120, "Use at most 120 characters"),
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
});

export type SignUpInput = z.infer<typeof signUpSchema>;

export const acceptInviteSchema = z.object({
  name: personNameSchema,
  password: passwordSchema,
});
