/** printable: every control and format character a name may carry is shown escaped, nothing else changes. */
import { describe, expect, it } from "vitest";
import { printable, printableJson, printableLines } from "../../src/kit/printable";

describe("printable", () => {
  it.each([
    ["ESC (a colour change)", "a\x1b[31mred.png", "a\\x1b[31mred.png"],
    ["an OSC title change with BEL", "\x1b]0;pwned\x07.png", "\\x1b]0;pwned\\x07.png"],
    ["CR (overwrites the line)", "ok\rFAKE.png", "ok\\x0dFAKE.png"],
    ["LF (forges a line)", "a\nrestyle: Wrote b.png", "a\\x0arestyle: Wrote b.png"],
    ["TAB", "a\tb", "a\\x09b"],
    ["NUL", "a\0b", "a\\x00b"],
    ["DEL", "a\x7fb", "a\\x7fb"],
    ["C1 CSI", "a\u009b31mb", "a\\x9b31mb"],
    ["a right-to-left override", "evil\u202egnp.exe", "evil\\u202egnp.exe"],
    ["a line separator", "a\u2028b", "a\\u2028b"],
  ])("%s", (_name, raw, shown) => {
    expect(printable(raw)).toBe(shown);
    expect(printable(raw)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e\u2028]/);
  });

  it("leaves ordinary names, accents, CJK and emoji as they are", () => {
    for (const s of ["out.png", "Café – été.jpg", "写真.png", "🎨 art.png", "a\\x1b.png"]) expect(printable(s)).toBe(s);
  });

  it("printableLines keeps the newlines between a message's own lines, and escapes the rest", () => {
    expect(printableLines("line one\nline \x1b[2J two")).toBe("line one\nline \\x1b[2J two");
  });
});

describe("printableJson", () => {
  it("escapes C1 and format characters as \\uXXXX and stays valid JSON with the same value", () => {
    const value = { name: "a\u009b2J\u202eb\x1b.png" };
    const text = printableJson(JSON.stringify(value));
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
