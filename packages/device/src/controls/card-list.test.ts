import { describe, expect, it } from "vitest";
import { cardDoc, readCards } from "./card-list.js";

describe("readCards", () => {
  it("keeps node ids in their native type and reads the documented node fields", () => {
    const cards = readCards({
      nodes: [
        {
          id: 7,
          label: "Pump",
          category: "Display",
          description: "Flow",
          icon: "drop",
          onTap: { type: "content" },
        },
        { id: "fan", name: "Fan" },
        { title: "No id" },
        "junk",
      ],
      edges: [{ from: 7, to: "fan" }],
    });
    expect(cards.map((c) => c.id)).toEqual([7, "fan", 2]);
    expect(cards[0]).toMatchObject({ title: "Pump", category: "Display", detail: "Flow", icon: "drop" });
    expect(cards[0].onTap).toEqual({ type: "content" });
    expect(cards[1]).toMatchObject({ title: "Fan", category: "Other", detail: "" });
  });

  it("accepts a bare array and a JSON string", () => {
    expect(readCards([{ id: "a" }])).toHaveLength(1);
    expect(readCards('{"nodes":[{"id":"a"},{"id":"b"}]}')).toHaveLength(2);
    expect(readCards(42)).toEqual([]);
  });
});

describe("cardDoc", () => {
  it("is the category and summary as escaped markdown", () => {
    const [card] = readCards([{ id: "x", category: "Controls", description: "A *bold* claim" }]);
    expect(cardDoc(card)).toBe("*Controls*\n\nA \\*bold\\* claim");
  });
});
