import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { refuseBadCallbackUrl } from "@/lib/auth/callback-url";
import { authOptions } from "@/lib/auth/options";
import { authUrl } from "@/lib/config";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: Context): Promise<Response> {
  const refused = await refuseBadCallbackUrl(request, authUrl());
  if (refused) return refused;
  return NextAuth(request, context, authOptions());
}

export { handler as GET, handler as POST };
