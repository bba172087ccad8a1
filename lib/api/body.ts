/**
 * Reading a JSON request body of the application API: JSON only (415 otherwise), at most 64 KiB
 * (413), nested at most 32 levels and without NUL characters (400), then parsed (400 when it is not
 * JSON). Every refusal is a problem document; nothing a client sends reaches the handler unread.
 */
import { ApiError } from "./problem";

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_JSON_DEPTH = 32;

function isJson(contentType: string | null): boolean {
  if (contentType === null) return false;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

async function readText(request: Request): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    // Past the limit, read to the end without keeping anything (cancelling would reset the
    // connection while the client is still sending).
    if (size <= MAX_BODY_BYTES) chunks.push(value);
  }
  if (size > MAX_BODY_BYTES) throw tooLarge();
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(): ApiError {
  return new ApiError("payload-too-large", `The request body is larger than ${MAX_BODY_BYTES} bytes`);
}

/**
 * One pass over the text before parsing: depth (a megabyte of brackets would hold the event loop
 * and could overflow whatever walks the value next) and the escape \u0000 (no database stores it).
 */
function scan(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) {
        if (text.startsWith("u0000", i + 1))
          throw new ApiError("bad-request", "Text may not contain the NUL character (U+0000)");
        i++;
      } else if (c === 34) {
        inString = false;
      }
    } else if (c === 34) {
      inString = true;
    } else if (c === 91 || c === 123) {
      if (++depth > MAX_JSON_DEPTH)
        throw new ApiError("bad-request", `The request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
}

export async function readJsonBody(request: Request): Promise<unknown> {
  if (!isJson(request.headers.get("content-type"))) {
    throw new ApiError("unsupported-media-type", "Send the body as JSON with Content-Type: application/json");
  }
  const text = await readText(request);
  if (text.trim() === "") throw new ApiError("bad-request", "A JSON request body is required");
  scan(text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("bad-request", "The request body is not valid JSON");
  }
}
