import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { sessionSecret } from "@/lib/config";
import { clientIp } from "@/lib/security/rate-limit";
import { verifyAdminPassword } from "@/lib/tenants/service";
import { TOO_MANY_ATTEMPTS } from "./constants";
import { recordSignInFailure, signInWait } from "./throttle";

declare module "next-auth" {
  interface Session {
    adminId: string;
    tenantId: string;
  }
  interface User {
    tenantId: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    adminId?: string;
    tenantId?: string;
  }
}

export const SESSION_HOURS = 12;

let options: NextAuthOptions | undefined;

/** next-auth configuration: company admins sign in with email and password (JWT sessions). */
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: sessionSecret(),
    session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) return null;
          const ip = clientIp(new Headers(req.headers as Record<string, string>));
          if ((await signInWait(credentials.email, ip)) > 0) throw new Error(TOO_MANY_ATTEMPTS);
          const admin = await verifyAdminPassword(credentials.email, credentials.password);
          if (!admin) {
            await recordSignInFailure(credentials.email, ip);
            return null;
          }
          return { id: admin.id, email: admin.email, name: admin.name, tenantId: admin.tenantId };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.adminId = user.id;
          token.tenantId = user.tenantId;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, adminId: token.adminId ?? "", tenantId: token.tenantId ?? "" };
      },
    },
  };
  return options;
}
