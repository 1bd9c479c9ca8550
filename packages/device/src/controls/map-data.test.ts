import { describe, expect, it } from "vitest";
import { normalizeMap } from "./map-data.js";

describe("map document", () => {
  it("native markers and paths, invalid coordinates dropped, sizes clamped", () => {
    const map = normalizeMap(
      {
        center: [1, 2],
        markers: [
          { coordinate: [10, 20], size: 100, title: "a" },
          { lat: 95, lng: 0 },
        ],
        paths: [{ points: [[0, 0]] }],
      },
      {},
    );
    expect(map).toEqual({
      center: [1, 2],
      markers: [{ lat: 10, lng: 20, size: 60, label: "a", ripple: false }],
      paths: [],
    });
  });

  it("GeoJSON reads [lng, lat]", () => {
    const map = normalizeMap(
      { type: "Feature", geometry: { type: "Point", coordinates: [13.4, 52.5] }, properties: { label: "b" } },
      {},
    );
    expect(map?.markers).toEqual([{ lat: 52.5, lng: 13.4, size: 12, label: "b", ripple: false }]);
  });

  it("object-array feeds: path, properties, size domain, ripple threshold, min weight and cap", () => {
    const cfg = {
      markersPath: "data.items",
      markerSizeProperty: "w",
      markerSizeDomain: [0, 10],
      markerSizeRange: [10, 20],
      rippleProperty: "w",
      rippleThreshold: 6,
      minWeight: 1,
      markerIdProperty: "name",
      maxMarkers: 2,
    };
    const feed = {
      data: {
        items: [
          { lat: 1, lng: 2, w: 5, name: "x" },
          { lat: 3, lng: 4, w: 10 },
          { lat: 5, lng: 6, w: 0 },
          { lat: 7, lng: 8, w: 9 },
        ],
      },
    };
    expect(normalizeMap(feed, cfg)?.markers).toEqual([
      { lat: 1, lng: 2, size: 15, ripple: false, id: "x" },
      { lat: 3, lng: 4, size: 20, ripple: true },
    ]);
    expect(normalizeMap({ data: { items: [] } }, cfg)).toBeUndefined();
  });
});
