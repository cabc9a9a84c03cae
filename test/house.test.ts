/**
 * The house rules for src/, measured from the sources: no function over 80 lines (counted from
 * its first line to its last, nested functions included) and no file over 260 lines. Files
 * written before the rules held are listed below by what they measure now; the list only
 * shrinks: a listed file that grows fails, and one that now keeps the rules must leave the list.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers/paths";

const MAX_FUNCTION_LINES = 80;
const MAX_FILE_LINES = 260;

/** Over the rules when these were written, to be split by their owners: path → lines now (file, or its longest function). */
const TOO_LONG_FILES_TO_SPLIT: Record<string, number> = {};
const TOO_LONG_FUNCTIONS_TO_SPLIT: Record<string, number> = {};

const SRC = join(REPO, "src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

const lineCount = (text: string) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);

/** Each function-like node's name (as a reader finds it) and length in lines. */
function functionsOf(file: string): Array<{ name: string; lines: number }> {
  const text = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Array<{ name: string; lines: number }> = [];
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line;
  const nameOf = (n: ts.Node): string => {
    const named = n as ts.Node & { name?: ts.Node };
    if (named.name && ts.isIdentifier(named.name)) return named.name.text;
    if (ts.isConstructorDeclaration(n)) return "constructor";
    const p = n.parent;
    if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
    if (p && ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return p.name.text;
    return `(anonymous, line ${lineOf(n.getStart(sf)) + 1})`;
  };
  const visit = (n: ts.Node) => {
    if (ts.isFunctionLike(n) && "body" in n && n.body) out.push({ name: nameOf(n), lines: lineOf(n.getEnd()) - lineOf(n.getStart(sf)) + 1 });
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe("house rules in src/", () => {
  const all = files(SRC).filter((f) => /\.(tsx?|css|mjs)$/.test(f) && !f.endsWith(".d.ts"));

  it(`no file over ${MAX_FILE_LINES} lines (but the listed ones, which only shrink)`, () => {
    const over = Object.fromEntries(all.map((f) => [relative(REPO, f), lineCount(readFileSync(f, "utf8"))] as const).filter(([, n]) => n > MAX_FILE_LINES));
    for (const [f, n] of Object.entries(over)) expect(n, `${f} is ${n} lines`).toBeLessThanOrEqual(TOO_LONG_FILES_TO_SPLIT[f] ?? MAX_FILE_LINES);
    expect(
      Object.keys(TOO_LONG_FILES_TO_SPLIT).filter((f) => !(f in over)),
      "listed files that now keep the rule: take them off the list",
    ).toEqual([]);
  });

  it(`no function over ${MAX_FUNCTION_LINES} lines (but in the listed files, which only shrink)`, () => {
    const longest = new Map<string, { name: string; lines: number }>();
    for (const f of all.filter((f) => /\.tsx?$/.test(f))) {
      for (const fn of functionsOf(f)) {
        const key = relative(REPO, f);
        if (fn.lines > MAX_FUNCTION_LINES && fn.lines > (longest.get(key)?.lines ?? 0)) longest.set(key, fn);
      }
    }
    for (const [f, fn] of longest)
      expect(fn.lines, `${f}: ${fn.name} is ${fn.lines} lines`).toBeLessThanOrEqual(TOO_LONG_FUNCTIONS_TO_SPLIT[f] ?? MAX_FUNCTION_LINES);
    expect(
      Object.keys(TOO_LONG_FUNCTIONS_TO_SPLIT).filter((f) => !longest.has(f)),
      "listed files whose functions now keep the rule: take them off the list",
    ).toEqual([]);
  });
});
