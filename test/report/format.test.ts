/** Formatting for people: decimals from the scale, differences, short names. */
import { describe, expect, it } from "vitest";
import {
  decimalsForScale,
  formatDifference,
  formatNumber,
  namesOf,
  possessive,
  scenarioLabels,
  shortenName,
} from "../../src/report/format.js";

describe("decimalsForScale", () => {
  it("resolves about a thousandth of the scale", () => {
    expect(decimalsForScale(0, 100)).toBe(1);
    expect(decimalsForScale(0, 1)).toBe(3);
    expect(decimalsForScale(0, 4)).toBe(2);
    expect(decimalsForScale(0, 10)).toBe(2);
    expect(decimalsForScale(-50, 50)).toBe(1);
    expect(decimalsForScale(0, 1000)).toBe(0);
    expect(decimalsForScale(0, 0.01)).toBe(4);
  });
  it("does not depend on the direction of the scale, and survives a degenerate one", () => {
    expect(decimalsForScale(100, 0)).toBe(decimalsForScale(0, 100));
    expect(decimalsForScale(5, 5)).toBe(1);
  });
});

describe("formatDifference", () => {
  it("never prints a signed zero", () => {
    expect(formatDifference(0)).toBe("±0");
    expect(formatDifference(-1e-12)).toBe("±0");
    expect(formatDifference(-0.0004, 2)).toBe("−0.0004");
    expect(formatDifference(0.03, 1)).toBe("+0.03");
    expect(formatDifference(-0.000001, 1)).toBe("±0");
    for (const x of [-0.04, -0.004, 0.004, -1e-7, 1e-9])
      for (const d of [0, 1, 2, 3]) expect(formatDifference(x, d)).not.toMatch(/^[+−]0(\.0*)?$/);
  });
  it("signs real differences with a minus sign", () => {
    expect(formatDifference(-40)).toBe("−40.0");
    expect(formatDifference(2.345, 2)).toBe("+2.35");
  });
  it("formatNumber prints no negative zero", () => {
    expect(formatNumber(-0.00001, 1)).toBe("0.0");
    expect(formatNumber(-0.2, 1)).toBe("-0.2");
  });
});

describe("shortenName", () => {
  it("keeps a short name, drops a parenthetical part", () => {
    expect(shortenName("Congressional Democrats")).toBe("Congressional Democrats");
    expect(shortenName("EU institutions (Commission, Council presidency)")).toBe("EU institutions");
  });
  it("cuts before a joining word without an ellipsis, elsewhere with one", () => {
    expect(shortenName("Donald Trump and the incoming administration")).toBe("Donald Trump");
    expect(shortenName("Vladimir Putin and the Russian leadership")).toBe("Vladimir Putin");
    expect(shortenName("Republican majority in Congress")).toBe("Republican majority");
    expect(shortenName("US–Russian military cooperation in Syria", 28)).toBe(
      "US–Russian military…",
    );
    expect(shortenName("Supercalifragilisticexpialidocious-people", 10)).toBe("Supercali…");
  });
  it("always fits the width", () => {
    for (const name of [
      "The governing majority group of the city council and its coalition partners",
      "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z",
      "Single fare for a ride in the city zone, in euros",
    ])
      for (const w of [8, 16, 24, 28]) expect(shortenName(name, w).length).toBeLessThanOrEqual(w);
  });
});

describe("namesOf", () => {
  it("names by name, short by short name, the id where short names collide or the id is unknown", () => {
    const names = namesOf([
      { id: "a", name: "Government of Germany" },
      { id: "b", name: "Ministry of Finance (Germany)" },
      { id: "c", name: "Ministry of Finance (France)" },
    ]);
    expect(names.name("a")).toBe("Government of Germany");
    expect(names.short("a")).toBe("Government of Germany");
    expect(names.short("b")).toBe("b");
    expect(names.short("c")).toBe("c");
    expect(names.short("zz")).toBe("zz");
  });
  it("possessive", () => {
    expect(possessive("Donald Trump")).toBe("Donald Trump's");
    expect(possessive("Congressional Democrats")).toBe("Congressional Democrats'");
  });
  it("scenarioLabels gives each issue its decimals", () => {
    const labels = scenarioLabels({
      actors: [],
      issues: [
        { id: "x", name: "X", scale: { low: 0, high: 1 } },
        { id: "y", name: "Y", scale: { low: 0, high: 100 } },
      ],
    });
    expect(labels.decimals("x")).toBe(3);
    expect(labels.decimals("y")).toBe(1);
  });
});
