import { describe, expect, it } from "vitest";
import { edgeLabelAt, edgePath, pinchView, toContent, zoomAbout, zoomLimits } from "./graph-view.js";

describe("edges", () => {
  it("draws straight lines or quadratic curves bowed to one side", () => {
    expect(edgePath({ x: 0, y: 0 }, { x: 10, y: 0 }, false)).toBe("M0 0L10 0");
    expect(edgePath({ x: 0, y: 0 }, { x: 10, y: 0 }, true)).toBe("M0 0Q5 2 10 0");
  });

  it("puts a label on the edge's middle, never upside down", () => {
    expect(edgeLabelAt({ x: 0, y: 0 }, { x: 10, y: 0 }, false)).toEqual({ x: 5, y: 0, angle: 0 });
    expect(edgeLabelAt({ x: 10, y: 0 }, { x: 0, y: 0 }, false).angle).toBeCloseTo(0);
    expect(edgeLabelAt({ x: 0, y: 10 }, { x: 0, y: 0 }, false).angle).toBeCloseTo(-90);
    // On a curve the label follows the bow: half the control point's offset.
    expect(edgeLabelAt({ x: 0, y: 0 }, { x: 10, y: 0 }, true)).toMatchObject({ x: 5, y: 1 });
  });
});

describe("zoom", () => {
  it("reads zoomRange with the doc's default", () => {
    expect(zoomLimits(undefined)).toEqual([0.3, 3]);
    expect(zoomLimits([0.5, 2.5])).toEqual([0.5, 2.5]);
    expect(zoomLimits(["x", 0.1])).toEqual([0.3, 3]);
  });

  it("zooms about a point that stays under the cursor, within the limits", () => {
    const view = { k: 1, x: 10, y: -5 };
    const at = { x: 40, y: 30 };
    const zoomed = zoomAbout(view, 2, at, [0.3, 3]);
    expect(zoomed.k).toBe(2);
    expect(toContent(zoomed, at)).toEqual(toContent(view, at));
    expect(zoomAbout(view, 10, at, [0.3, 3]).k).toBe(3);
    expect(zoomAbout(view, 0.01, at, [0.3, 3]).k).toBe(0.3);
  });

  it("pinches: the spread scales the zoom and the content under the fingers follows their midpoint", () => {
    const from = { k: 1, x: 0, y: 0 };
    const start = { mid: { x: 20, y: 10 }, spread: 100 };
    const now = { mid: { x: 30, y: 10 }, spread: 150 };
    const view = pinchView(from, start, now, [0.3, 3]);
    expect(view.k).toBe(1.5);
    expect(toContent(view, now.mid)).toEqual(toContent(from, start.mid));
    expect(pinchView(from, start, { ...now, spread: 1000 }, [0.5, 2.5]).k).toBe(2.5);
  });
});
