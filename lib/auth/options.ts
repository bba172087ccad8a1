import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { sessionSecret } from "@/lib/config";
import { describeError, escapeForLog } from "@/lib/log";
import { cookieAttributes, cookieName } from "@/lib/security/cookies";
import { clientIp } from "@/lib/security/rate-limit";
import { verifyAdminPassword } from "./credentials";
import { endSession, recordFailedSignIn, sessionIsActive, startSession } from "./admin-sessions";
import { safeRedirect } from "./callback-url";
import { TOO_MANY_ATTEMPTS } from "./constants";
import { rememberDevice } from "./sso-session";
import { isKnownDevice, reserveSignInAttempt } from "./throttle";

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
    /** The AdminSession row this cookie belongs to (lib/auth/admin-sessions.ts). */
    sid?: string;
  }
}

/** Thrown when a cookie names a session that ended: next-auth then clears the cookie. */
class SessionEnded extends Error {
  override readonly name = "SessionEnded";
}

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

let options: NextAuthOptions | undefined;

/**
 * next-auth configuration: company admins sign in with email and password. The cookie is a JWT
 * naming a server-side session (lib/auth/admin-sessions.ts), so signing out really ends it.
 */
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: sessionSecret(),
    session: { strategy: "jwt", maxAge: cookieAttributes("adminSession").maxAge },
    cookies: {
      sessionToken: { name: cookieName("adminSession"), options: cookieAttributes("adminSession") },
    },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const email = credentials?.email;
          const password = credentials?.password;
          if (!email || !password || email.length > 320 || password.length > 1024) return null;
          const headers = new Headers(req.headers as Record<string, string>);
          const knownDevice = isKnownDevice(
            cookieValue(headers.get("cookie"), cookieName("knownDevice")),
            email,
          );
          // Counted before the password is checked, so a parallel burst gains no extra guesses.
          const attempt = await reserveSignInAttempt(email, clientIp(headers), { knownDevice });
          if (!attempt.ok) throw new Error(TOO_MANY_ATTEMPTS);
          let admin: Awaited<ReturnType<typeof verifyAdminPassword>>;
          try {
            admin = await verifyAdminPassword(email, password);
          } catch (error) {
            await attempt.release();
            throw error;
          }
          if (!admin) {
            await recordFailedSignIn(email, clientIp(headers));
            return null;
          }
          await attempt.release();
          await rememberDevice(admin.email);
          return { id: admin.id, email: admin.email, name: admin.name, tenantId: admin.tenantId };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.adminId = user.id;
          token.tenantId = user.tenantId;
          token.sid = await startSession(
            { id: user.id, tenantId: user.tenantId, email: user.email ?? "" },
            "with a password",
            { askSecondFactor: true },
          );
          return token;
        }
        // next-auth's own /api/auth/session: answer only for a live session.
        if (
          !token.sid ||
          !token.adminId ||
          !token.tenantId ||
          !(await sessionIsActive(token.tenantId, token.sid, token.adminId))
        ) {
          throw new SessionEnded("the session has ended");
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, adminId: token.adminId ?? "", tenantId: token.tenantId ?? "" };
      },
      redirect({ url, baseUrl }) {
        return safeRedirect(url, baseUrl);
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sid && token.tenantId) await endSession(token.tenantId, token.sid);
      },
    },
    logger: {
      error(code, metadata) {
        // An ended session is normal, not an error worth a log line.
        if (code === "JWT_SESSION_ERROR" && describeError(metadata).startsWith("SessionEnded:")) return;
        console.error(`[next-auth][error][${escapeForLog(code)}] ${describeError(metadata)}`);
      },
      warn(code) {
        console.warn(`[next-auth][warn][${escapeForLog(code)}]`);
      },
      debug() {},
    },
  };
  return options;
}
