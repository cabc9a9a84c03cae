import { describe, expect, it } from "vitest";
import { isRoles, sameRoles } from "../../src/shared/layers";

describe("roles", () => {
  it("are the same only with the same content and the same styles in the same order", () => {
    const r = { contentId: "a", styleIds: ["b", "c"] };
    expect(sameRoles(r, { contentId: "a", styleIds: ["b", "c"] })).toBe(true);
    expect(sameRoles(r, { contentId: "a", styleIds: ["c", "b"] })).toBe(false);
    expect(sameRoles(r, { contentId: "a", styleIds: ["b"] })).toBe(false);
    expect(sameRoles(r, { contentId: "b", styleIds: ["b", "c"] })).toBe(false);
    expect(sameRoles({ contentId: "a", styleIds: ["b\nc"] }, { contentId: "a", styleIds: ["b", "c"] })).toBe(false);
    expect(sameRoles(r, null)).toBe(false);
    expect(sameRoles(undefined, r)).toBe(false);
  });

  it("from storage or a message are trusted only in their exact shape", () => {
    expect(isRoles({ contentId: "a", styleIds: [] })).toBe(true);
    expect(isRoles({ contentId: null, styleIds: [] })).toBe(false);
    expect(isRoles({ contentId: "a", styleIds: [1] })).toBe(false);
    expect(isRoles({ contentId: "a", styleIds: "b" })).toBe(false);
    expect(isRoles([])).toBe(false);
  });
});
