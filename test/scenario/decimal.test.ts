import { describe, expect, it } from "vitest";
import { readDecimal } from "../../src/scenario/import/decimal.js";

describe("readDecimal", () => {
  it("reads plain decimal notation", () => {
    expect(readDecimal("12")).toBe(12);
    expect(readDecimal(" -0.25 ")).toBe(-0.25);
    expect(readDecimal(".5")).toBe(0.5);
    expect(readDecimal("1e-3")).toBe(0.001);
    expect(readDecimal("+2.5E2")).toBe(250);
  });
  it("refuses what Number() would silently accept", () => {
    for (const t of [
      "",
      "  ",
      "0x10",
      "0b11",
      "0o7",
      "Infinity",
      "-Infinity",
      "NaN",
      "1e400",
      "1,5",
      "12abc",
      "1_000",
    ])
      expect(readDecimal(t), t).toBeUndefined();
  });
  it("reads a decimal comma only when asked", () => {
    expect(readDecimal("0,5", { decimalComma: true })).toBe(0.5);
    expect(readDecimal("-12,25", { decimalComma: true })).toBe(-12.25);
    expect(readDecimal("0.5", { decimalComma: true })).toBe(0.5);
    expect(readDecimal("1,000,5", { decimalComma: true })).toBeUndefined();
  });
});
