import { validateLayout } from "@carter/kit";
import { describe, expect, it } from "vitest";
import { coreRings, coreRows, demoLayout, DEMO } from "./layout.js";

const connection = { url: "ws://127.0.0.1:8765", token: "t0ken", cores: 6 };

describe("demo layout", () => {
  it("passes validateLayout with no errors or warnings", () => {
    const result = validateLayout(demoLayout(connection));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("points devices at the hub with the token, acks on and no fixed device name", () => {
    const layout = demoLayout(connection);
    expect(layout.connection).toMatchObject({
      url: connection.url,
      token: "t0ken",
      hub: DEMO.hubName,
      identity: { channel: DEMO.channel, role: "controller" },
    });
    expect((layout.connection?.identity as Record<string, unknown>).name).toBeUndefined();
    expect(layout.state).toMatchObject({ sync: true, acks: true, authority: DEMO.hubName });
  });

  it("makes room in the cores group for every core the hub fills in", () => {
    const layout = demoLayout(connection);
    const group = layout.tabs[0].children?.find((child) => child.id === "cores") as {
      grid: { columns: number; rows: number };
    };
    expect(group.grid.rows).toBe(coreRows(6));
    for (const ring of coreRings(6) as { position: [number, number] }[]) {
      expect(ring.position[0]).toBeLessThan(group.grid.rows);
      expect(ring.position[1]).toBeLessThan(group.grid.columns);
    }
    expect(
      validateLayout({
        ...layout,
        tabs: [{ ...layout.tabs[0], children: [{ ...group, children: coreRings(6) }] }],
      }).errors,
    ).toEqual([]);
  });
});
