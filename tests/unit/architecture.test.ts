/**
 * The architecture the README describes, checked: the folders of lib/ depend on each other without
 * a cycle (a cycle means two folders are really one, or one is in the wrong place), the SCIM core
 * does not depend on Next.js or on the rest of Rollcall, and no file of lib/ grows past 350 lines.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const LIB = path.resolve(import.meta.dirname, "../../lib");
const MAX_LINES = 350;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The lib/ folder a file belongs to ("(root)" for files directly in lib/). */
function folderOf(file: string): string {
  const parts = path.relative(LIB, file).split(path.sep);
  return parts.length > 1 ? parts[0]! : "(root)";
}

/** Imports of a file that point into lib/: `@/lib/…` or relative, by folder. */
function importedFolders(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)[^"']*?from\s+["']([^"']+)["']/g)) {
    const target = m[1]!;
    if (target.startsWith("@/lib/")) out.push(target.slice("@/lib/".length).split("/")[0]!);
    else if (target.startsWith(".")) out.push(folderOf(path.resolve(path.dirname(file), target)));
  }
  return out;
}

const files = sources(LIB);
const graph = new Map<string, Set<string>>();
for (const file of files) {
  const from = folderOf(file);
  for (const to of importedFolders(file)) {
    if (to === from) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
  }
}

/** Strongly connected components with more than one folder (Tarjan). */
function cycles(): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
      }
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return found;
}

describe("the architecture of lib/", () => {
  it("reads the imports it checks", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(graph.get("scim")?.has("db")).toBe(true);
  });

  it("has no cycle between folders", () => {
    expect(cycles()).toEqual([]);
  });

  it("keeps the SCIM core free of Next.js and of the rest of Rollcall (it is given its services)", () => {
    const scim = files.filter((f) => folderOf(f) === "scim");
    for (const file of scim) {
      const text = fs.readFileSync(file, "utf8");
      expect(text, path.relative(LIB, file)).not.toMatch(/from ["']next[/"']/);
    }
    const allowed = new Set(["audit", "db", "events", "ids", "log", "security"]);
    expect([...(graph.get("scim") ?? [])].filter((to) => !allowed.has(to))).toEqual([]);
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = files
      .map((f) => [path.relative(LIB, f), fs.readFileSync(f, "utf8").split("\n").length] as const)
      .filter(([, lines]) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
