import { describe, expect, it } from "vitest";
import { afterInsert, afterRemove } from "../../../src/ui/hosts/photopea-paths";

describe("layer paths across an insert or a delete", () => {
  it("moves the layers at or after the insert point in the same group, and what is inside them", () => {
    expect(afterInsert([2], [1])).toEqual([3]);
    expect(afterInsert([1], [1])).toEqual([2]);
    expect(afterInsert([0], [1])).toEqual([0]);
    expect(afterInsert([1, 4], [1])).toEqual([2, 4]); // inside a group that moved
    expect(afterInsert([0, 3], [0, 2])).toEqual([0, 4]);
    expect(afterInsert([0, 1], [0, 2])).toEqual([0, 1]);
    expect(afterInsert([1, 3], [0, 2])).toEqual([1, 3]); // another group
    expect(afterInsert([0], [0, 2])).toEqual([0]); // the group itself
  });

  it("moves the layers after a deleted one up, and loses the deleted one and its contents", () => {
    expect(afterRemove([3], [1])).toEqual([2]);
    expect(afterRemove([0], [1])).toEqual([0]);
    expect(afterRemove([1], [1])).toBeNull();
    expect(afterRemove([1, 0], [1])).toBeNull();
    expect(afterRemove([2, 5], [1])).toEqual([1, 5]);
    expect(afterRemove([0, 3], [0, 1])).toEqual([0, 2]);
  });
});
