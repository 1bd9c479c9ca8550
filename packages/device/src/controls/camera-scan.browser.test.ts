/**
 * QR scanning with Chromium's fake camera playing a video of a QR code (a Y4M file made here with
 * the `qrcode` package), and map marker motion: in a real device against a real relay.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDocExampleRig, type DocExampleRig } from "./doc-example-rig.js";

const WIDTH = 320;
const HEIGHT = 240;
const TEXT = "BIN-0042";

/** A short raw 4:2:0 video (Y4M) of `text` as a QR code, black on white, centred. */
function qrVideo(text: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const scale = Math.floor(Math.min(WIDTH, HEIGHT) / (modules.size + 8));
  const side = modules.size * scale;
  const left = Math.floor((WIDTH - side) / 2);
  const top = Math.floor((HEIGHT - side) / 2);
  const luma = Buffer.alloc(WIDTH * HEIGHT, 235);
  for (let row = 0; row < side; row++)
    for (let col = 0; col < side; col++)
      if (modules.get(Math.floor(row / scale), Math.floor(col / scale)))
        luma[(top + row) * WIDTH + left + col] = 16;
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  const file = join(mkdtempSync(join(tmpdir(), "carter-qr-")), "qr.y4m");
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: 10 }, () => frame)]));
  return file;
}

let rig: DocExampleRig;

beforeAll(async () => {
  rig = await startDocExampleRig(
    [
      { type: "camera", rows: 4 },
      {
        type: "map",
        with: {
          id: "glide-map",
          mapConfig: { motion: true, motionDuration: 1.5, recenter: "initial" },
          sync: [{ filter: { msg_type: "gps" }, valuePath: "data" }],
        },
      },
      {
        type: "map",
        with: {
          id: "jump-map",
          mapConfig: { recenter: "initial" },
          sync: [{ filter: { msg_type: "gps" }, valuePath: "data" }],
        },
      },
    ],
    "camera-scan",
    [
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${qrVideo(TEXT)}`,
    ],
  );
}, 180_000);

afterAll(async () => {
  await rig?.close();
});

/** Records every distinct `d` of the map's marker path until `stop` is called (in the page). */
async function trackMarker(id: string): Promise<() => Promise<string[]>> {
  const cell = rig.page.locator(`[data-control-id="${id}"]`);
  await cell.locator("path.cc-map-marker").evaluate((path, key) => {
    const seen: string[] = [path.getAttribute("d") ?? ""];
    const observer = new MutationObserver(() => {
      const d = path.getAttribute("d") ?? "";
      if (seen[seen.length - 1] !== d) seen.push(d);
    });
    observer.observe(path, { attributes: true, attributeFilter: ["d"] });
    (window as unknown as Record<string, unknown>)[key] = { seen, observer };
  }, `track-${id}`);
  return () =>
    rig.page.evaluate((key) => {
      const state = (window as unknown as Record<string, { seen: string[]; observer: MutationObserver }>)[
        key
      ];
      state.observer.disconnect();
      return state.seen;
    }, `track-${id}`);
}

describe("camera QR scan and map motion (Chromium)", () => {
  it("camera: scans the QR code the fake camera shows and fires action with {{value}} and {{kind}}", async () => {
    await rig.cell("camera").locator(".cc-camera-start").click();
    const frame = await rig.nextFrame(
      (f) => f.type === "broadcast" && f.payload.msg_type === "scan" && f.payload.code === TEXT,
    );
    expect(frame).toMatchObject({ msg_type: "scan", code: TEXT, kind: "qr" });
    expect(rig.errors).toEqual([]);
  });

  it("map motion: a moved marker glides through intermediate points; without motion it jumps", async () => {
    rig.hub.broadcast("gps", { data: { markers: [{ id: "van", coordinate: [52.5, 13.4] }] } });
    const glide = rig.page.locator('[data-control-id="glide-map"]');
    const jump = rig.page.locator('[data-control-id="jump-map"]');
    await expect.poll(() => glide.locator("path.cc-map-marker").count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => jump.locator("path.cc-map-marker").count(), { timeout: 10_000 }).toBe(1);
    const glided = await trackMarker("glide-map");
    const jumped = await trackMarker("jump-map");
    // recenter "initial": the view stays, so the marker's path moves on screen.
    rig.hub.broadcast("gps", { data: { markers: [{ id: "van", coordinate: [52.5, 13.45] }] } });
    await expect.poll(() => glide.locator("[data-gliding]").count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => glide.locator("[data-gliding]").count(), { timeout: 10_000 }).toBe(0);
    const glidePath = await glided();
    const jumpPath = await jumped();
    // Start, at least one point on the way, and the end.
    expect(glidePath.length).toBeGreaterThanOrEqual(3);
    expect(jumpPath).toHaveLength(2);
    // Both end at the same place on screen (same view, same point).
    expect(glidePath[glidePath.length - 1]).toBe(jumpPath[1]);
    expect(await glide.locator("path.cc-map-marker").count()).toBe(1);
  });
});
