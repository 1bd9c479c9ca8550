/**
 * The map and camera controls in a real device (Chromium) against a real relay. Map tiles come
 * from a local server (and an offline map falls back to its coordinate grid); the camera is
 * Chromium's fake capture device.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servePage, type ServedPage } from "@carter/testing";
import { emitAction, startDocExampleRig, type DocExampleRig } from "./doc-example-rig.js";

let rig: DocExampleRig;
let tiles: ServedPage;

const TILE = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#cde"/></svg>`;

beforeAll(async () => {
  tiles = await servePage(TILE, { contentType: "image/svg+xml", cors: true });
  rig = await startDocExampleRig(
    [
      { type: "map", with: { mapConfig: { tileUrl: `${tiles.url}{z}/{x}/{y}.svg` } } },
      {
        type: "map",
        with: {
          id: "offline-map",
          mapConfig: { markersPath: "feed.vans", markerLatProperty: "la", markerLngProperty: "lo" },
          sync: [{ filter: { msg_type: "vans" }, valuePath: "data" }],
        },
      },
      {
        type: "camera",
        with: {
          snapshotAction: emitAction("shelf-scanner", "snapshotAction", { w: "{{width}}", h: "{{height}}" }),
        },
      },
    ],
    "map-camera",
    ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
  );
}, 180_000);

afterAll(async () => {
  await rig?.close();
  await tiles?.close();
});

describe("map and camera (Chromium, doc examples)", () => {
  it("map: draws pushed markers on tiles from the layout's tile URL", async () => {
    rig.push("map", {
      markers: [
        { coordinate: [52.52, 13.4], label: "van 1", ripple: true },
        { lat: 48.14, lng: 11.58, color: "#FF9F0A" },
        { lat: 999, lng: 0 },
      ],
      paths: [
        {
          points: [
            [52.52, 13.4],
            [48.14, 11.58],
          ],
        },
      ],
    });
    await expect.poll(() => rig.cell("map").locator("[data-markers]").getAttribute("data-markers")).toBe("2");
    await expect.poll(() => rig.cell("map").locator("path.cc-map-marker").count()).toBe(2);
    expect(await rig.cell("map").locator("path.cc-map-marker.is-ripple").count()).toBe(1);
    await expect.poll(() => rig.cell("map").locator(".leaflet-tile-loaded").count()).toBeGreaterThan(0);
    expect(await rig.cell("map").locator("[data-offline]").count()).toBe(0);
  });

  it("map: an object-array feed without tiles draws on the offline coordinate grid", async () => {
    const cell = rig.page.locator('[data-control-id="offline-map"]');
    rig.hub.broadcast("vans", {
      data: { feed: { vans: [{ la: 40.7, lo: -74 }, { la: 34, lo: -118.2 }, { la: "x" }] } },
    });
    await expect.poll(() => cell.locator("path.cc-map-marker").count()).toBe(2);
    expect(await cell.locator("[data-offline]").count()).toBe(1);
    await expect.poll(() => cell.locator(".cc-map-grid canvas").count()).toBeGreaterThan(0);
  });

  it("camera: starts on a tap with the fake camera and sends a JPEG snapshot with its size", async () => {
    await rig.cell("camera").locator(".cc-camera-start").click();
    await expect
      .poll(
        () =>
          rig
            .cell("camera")
            .locator("video")
            .evaluate((v) => (v as HTMLVideoElement).videoWidth),
        // The fake camera can take seconds to start on a loaded machine.
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    await rig.cell("camera").locator(".cc-camera-snap").click();
    const shot = await rig.nextEmit("camera", (e) => e.carrier === "snapshotAction");
    expect(typeof shot.v).toBe("string");
    expect((shot.v as string).startsWith("/9j/")).toBe(true);
    expect(typeof shot.w).toBe("number");
    expect(shot.w as number).toBeGreaterThan(0);
    expect(typeof shot.h).toBe("number");
    expect(rig.errors).toEqual([]);
  });
});
