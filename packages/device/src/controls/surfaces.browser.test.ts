/**
 * The input and surface controls (joystick, compass, sortboard, pinboard, canvas, webView, chat,
 * and the documented styles of datePicker, textInput, label, qrCode, cardList and carousel, and the
 * classic inputs: button, toggle, slider, stepper, segmentedControl, picker, textInput, datePicker,
 * colorPicker) in a real device (Chromium) against a real relay: each renders its doc example, shows
 * a pushed value, and emits its documented payload with native JSON types on drag, tap or text entry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servePage, type ServedPage } from "@carter/testing";
import { centreOf, emitAction, startDocExampleRig, type DocExampleRig } from "./doc-example-rig.js";

let rig: DocExampleRig;
let site: ServedPage;

const panels = (...names: string[]) =>
  names.map((name) => ({
    type: "group",
    id: `page-${name}`,
    position: [0, 0],
    label: name,
    grid: { columns: 1, rows: 1 },
    children: [{ type: "label", id: `page-${name}-text`, position: [0, 0], text: `${name} page` }],
  }));
const listen = (msgType: string, valuePath = "value") => [{ filter: { msg_type: msgType }, valuePath }];
/** A case with its own id, emitting through the test's `emit` carrier. */
const own = (id: string, fields: Record<string, unknown>) => ({
  id,
  action: emitAction(id, "action"),
  sync: listen(id),
  ...fields,
});
const MARCH_1 = "2026-03-01T08:30:00Z";

beforeAll(async () => {
  site = await servePage("<!doctype html><title>status</title><p id=msg>all green</p>");
  rig = await startDocExampleRig(
    [
      { type: "joystick", rows: 4 },
      {
        type: "compass",
        rows: 6,
        with: {
          sync: [{ filter: { msg_type: "heading" }, valuePath: "deg" }],
          compassConfig: {
            dwell: 0.2,
            events: { place: emitAction("antenna-aim", "place", { bearing: "{{bearing}}" }) },
          },
        },
      },
      {
        type: "sortboard",
        rows: 6,
        with: {
          sync: [{ filter: { msg_type: "roster" }, valuePath: "board" }],
          sortboardConfig: {
            events: {
              layout: {
                event: "broadcast_request",
                payload: { msg_type: "roster_changed", zones: "{{value}}" },
              },
              place: { event: "broadcast_request" },
            },
          },
        },
      },
      { type: "pinboard", rows: 6, with: { sync: [{ filter: { msg_type: "pins" }, valuePath: "layout" }] } },
      { type: "canvas", rows: 6, with: { sync: [{ filter: { msg_type: "frames" }, valuePath: "layout" }] } },
      {
        type: "webView",
        with: {
          url: site.url,
          webInteractive: true,
          sync: [{ filter: { msg_type: "page" }, valuePath: "url" }],
        },
      },
      { type: "chat", rows: 6 },
      { type: "chat", rows: 5, with: { id: "buddy", config: { target: "controls-hub" } } },
      // The classic inputs; examples without a sync binding get one, to show a pushed value.
      { type: "button", rows: 1 },
      { type: "toggle", rows: 1 },
      { type: "slider", rows: 1 },
      { type: "stepper", rows: 1, with: { sync: [{ filter: { msg_type: "setpoint" }, valuePath: "c" }] } },
      { type: "segmentedControl", rows: 1 },
      { type: "picker", rows: 1, with: { sync: [{ filter: { msg_type: "source" }, valuePath: "name" }] } },
      { type: "textInput", rows: 1, with: { sync: [{ filter: { msg_type: "motd" }, valuePath: "text" }] } },
      { type: "datePicker", rows: 1, with: { sync: [{ filter: { msg_type: "alarm" }, valuePath: "at" }] } },
      { type: "colorPicker", rows: 1, with: { sync: [{ filter: { msg_type: "strip" }, valuePath: "hex" }] } },
      // The documented styles (their own ids; the first case of a type is the doc example above).
      {
        type: "datePicker",
        rows: 4,
        with: own("dp-wheel", {
          datePickerStyle: "wheel",
          datePickerMode: "dateAndTime",
          defaultValue: MARCH_1,
        }),
      },
      {
        type: "datePicker",
        rows: 6,
        with: own("dp-calendar", {
          datePickerStyle: "graphical",
          datePickerMode: "date",
          defaultValue: MARCH_1,
          dateMin: "2026-01-01T00:00:00Z",
          dateMax: "2026-03-20T12:00:00Z",
        }),
      },
      {
        type: "textInput",
        rows: 4,
        with: own("composer", { sendButton: true, autocorrectToggle: true, maxLines: 4 }),
      },
      { type: "label", rows: 4, with: own("pane", { style: "terminal", text: "(waiting for pane…)" }) },
      { type: "qrCode", rows: 4 },
      {
        type: "cardList",
        rows: 5,
        with: {
          action: emitAction("device-cards", "action", { label: "{{label}}", category: "{{category}}" }),
        },
      },
      {
        type: "carousel",
        rows: 4,
        with: own("scenes", {
          carouselMode: "coverflow",
          loop: false,
          containerAnimation: { profile: "smooth", sideScale: 0.78, sideRotation: 50 },
          panels: panels("home", "away", "night", "party"),
        }),
      },
      { type: "carousel", rows: 3, with: own("rooms", {}) },
      {
        type: "carousel",
        rows: 4,
        with: own("promos", {
          carouselMode: "deck",
          indicator: "bars",
          containerAnimation: { multiStep: false, deckVisibleCount: 3, deckOffsetStep: 18, deckRotation: 3 },
          panels: panels("one", "two", "three", "four"),
        }),
      },
    ],
    "surfaces",
  );
}, 180_000);

afterAll(async () => {
  await rig?.close();
  await site?.close();
});

describe("input and surface controls (Chromium, doc examples)", () => {
  it("joystick: a drag streams {x, y} through $value.x/$value.y and release re-centres", async () => {
    const pad = rig.cell("joystick").locator(".cc-joystick-pad");
    const centre = await centreOf(pad);
    const box = (await pad.boundingBox())!;
    await rig.page.mouse.move(centre.x, centre.y);
    await rig.page.mouse.down();
    await rig.page.mouse.move(centre.x + box.width, centre.y, { steps: 4 });
    const pushed = await rig.nextFrame((f) => f.payload.msg_type === "drive" && f.payload.x === 1);
    expect(pushed).toEqual({ msg_type: "drive", x: 1, y: 0 });
    await rig.page.mouse.up();
    const released = await rig.nextFrame((f) => f.payload.msg_type === "drive" && f.payload.x === 0);
    expect(released).toEqual({ msg_type: "drive", x: 0, y: 0 });
    await expect.poll(() => pad.locator(".cc-joystick-knob").getAttribute("data-x")).toBe("0");
  });

  it("compass: a pushed heading turns the needle; aiming at a puck fires its action; a puck drag places it", async () => {
    rig.push("compass", 200);
    await expect.poll(() => rig.cell("compass").locator(".cc-compass-readout").textContent()).toBe("200°");
    rig.push("compass", 15);
    expect(await rig.nextFrame((f) => f.payload.msg_type === "aim")).toEqual({
      msg_type: "aim",
      target: "tower-north",
    });
    const puck = rig.cell("compass").locator('[data-puck="tower-north"]');
    const start = await centreOf(puck);
    const dial = await centreOf(rig.cell("compass").locator(".cc-compass-ring"));
    await rig.page.mouse.move(start.x, start.y);
    await rig.page.mouse.down();
    // Straight right of the dial's centre: bearing 90.
    await rig.page.mouse.move(dial.x + 80, dial.y, { steps: 5 });
    await rig.page.mouse.up();
    const place = await rig.nextEmit("compass");
    expect(place).toMatchObject({ carrier: "place", bearing: 90, v: { item: "tower-north", bearing: 90 } });
    expect(typeof (place.v as { x: unknown }).x).toBe("number");
  });

  it("sortboard: a push fills zones (unknown ids dropped); a drag between zones emits place and layout", async () => {
    rig.push("sortboard", { zones: { day: ["ana"], night: ["ben", "ghost"] } });
    const night = rig.cell("sortboard").locator('[data-zone="night"] [data-item]');
    await expect.poll(() => night.count()).toBe(1);
    const from = await centreOf(rig.cell("sortboard").locator('[data-item="ben"]'));
    const to = await centreOf(rig.cell("sortboard").locator('[data-zone="day"]'));
    await rig.page.mouse.move(from.x, from.y);
    await rig.page.mouse.down();
    await rig.page.mouse.move(to.x, to.y + 20, { steps: 6 });
    await rig.page.mouse.up();
    const layout = await rig.nextFrame((f) => f.payload.msg_type === "roster_changed");
    expect(layout).toEqual({ msg_type: "roster_changed", zones: { day: ["ana", "ben"], night: [] } });
    // An event action without a payload sends its tokens as a flat object.
    expect(await rig.nextFrame((f) => f.payload.item === "ben")).toEqual({
      item: "ben",
      from: "night",
      to: "day",
      index: 1,
    });
  });

  it("pinboard: pushed points place markers; dropping a palette item on the surface emits {item, x, y}", async () => {
    rig.push("pinboard", { points: { "probe-a": { x: 0.25, y: 0.75 }, nobody: { x: 0, y: 0 } } });
    const a = rig.cell("pinboard").locator('.cc-pin-marker[data-item="probe-a"]');
    await expect.poll(() => a.getAttribute("data-x")).toBe("0.25");
    expect(await rig.cell("pinboard").locator(".cc-pin-marker").count()).toBe(1);
    const from = await centreOf(rig.cell("pinboard").locator('.cc-pin-palette [data-item="probe-b"]'));
    const surface = (await rig.cell("pinboard").locator(".cc-pin-surface").boundingBox())!;
    await rig.page.mouse.move(from.x, from.y);
    await rig.page.mouse.down();
    await rig.page.mouse.move(surface.x + surface.width / 2, surface.y + surface.height / 4, { steps: 6 });
    await rig.page.mouse.up();
    const moved = await rig.nextFrame((f) => f.payload.msg_type === "pin_moved");
    expect(moved.item).toBe("probe-b");
    expect(moved.x as number).toBeCloseTo(0.5, 1);
    expect(moved.y as number).toBeCloseTo(0.25, 1);
  });

  it("canvas: hosts its live controls at synced frames; a long press lifts an item and the drag places it", async () => {
    const item = rig.cell("canvas").locator('[data-item="hall-lamp"]');
    await expect.poll(() => item.locator('[data-control-id="hall-lamp-switch"]').count()).toBe(1);
    rig.push("canvas", { frames: { "hall-lamp": { x: 0.5, y: 0.5 }, ghost: { x: 0 } } });
    await expect.poll(() => item.getAttribute("data-frame")).toBe("0.5,0.5,0.25,0.2");
    const start = await centreOf(item);
    const surface = (await rig.cell("canvas").locator(".cc-canvas-surface").boundingBox())!;
    await rig.page.mouse.move(start.x, start.y);
    await rig.page.mouse.down();
    await rig.page.waitForTimeout(700);
    await rig.page.mouse.move(start.x - surface.width * 0.25, start.y, { steps: 6 });
    await rig.page.mouse.up();
    const moved = await rig.nextFrame((f) => f.payload.msg_type === "canvas_moved");
    expect(moved.item).toBe("hall-lamp");
    expect(moved.x as number).toBeCloseTo(0.25, 1);
    expect(moved.y).toBe(0.5);
  });

  it("webView: shows its page in a sandboxed frame and follows a synced http(s) URL", async () => {
    const frame = rig.cell("webView").locator("iframe");
    await expect.poll(() => frame.getAttribute("sandbox")).toContain("allow-scripts");
    await expect
      .poll(() =>
        rig.page
          .frameLocator(`[data-control-id="${rig.idOf("webView")}"] iframe`)
          .locator("#msg")
          .textContent(),
      )
      .toBe("all green");
    rig.push("webView", "javascript:alert(1)");
    rig.push("webView", `${site.url}other`);
    await expect.poll(() => frame.getAttribute("src")).toBe(`${site.url}other`);
  });

  it("chat: shows channel chat_message frames and broadcasts what the user types (§4.8)", async () => {
    rig.hub.broadcast("chat_message", {
      id: "m1",
      text: "Door left open",
      sender: { name: "porch", role: "device" },
    });
    rig.hub.broadcast("chat_message", { text: "no id: dropped" });
    const history = rig.cell("chat").locator(".cc-chat-message");
    await expect.poll(() => history.count()).toBe(1);
    expect(await history.first().textContent()).toContain("Door left open");
    await rig.cell("chat").locator(".cc-chat-input").fill("Closing it {{value}}");
    await rig.cell("chat").locator(".cc-chat-send").click();
    const sent = await rig.nextFrame(
      (f) => f.payload.msg_type === "chat_message" && f.payload.text !== "Door left open",
    );
    expect(sent).toMatchObject({
      text: "Closing it {{value}}",
      sender: { name: "controls-device", role: "controller" },
    });
    expect(typeof sent.id).toBe("string");
    expect(Number.isNaN(Date.parse(sent.timestamp as string))).toBe(false);
    await expect.poll(() => history.count()).toBe(2);
    rig.hub.broadcast("chat_clear", { chatId: "someone-else" });
    rig.hub.broadcast("chat_clear", { chatId: rig.idOf("chat") });
    await expect.poll(() => history.count()).toBe(0);
  });

  it("chat companion mode: routes the text to config.target and shows its chat_response", async () => {
    const cell = rig.page.locator('[data-control-id="buddy"]');
    await cell.locator(".cc-chat-input").fill("status?");
    await cell.locator(".cc-chat-send").click();
    const routed = await rig.nextFrame((f) => f.type === "chat_message");
    expect(routed).toEqual({ text: "status?" });
    rig.hub.broadcast("reply", { event: "chat_response", text: "all good", name: "controls-hub" });
    await expect.poll(() => cell.locator(".cc-chat-message").count()).toBe(2);
    expect(await cell.locator(".cc-chat-message").last().textContent()).toContain("all good");
    expect(rig.errors).toEqual([]);
  });
});

describe("documented styles of the partial controls (Chromium)", () => {
  const byId = (id: string) => rig.page.locator(`[data-control-id="${id}"]`);
  const emitOf = async (id: string, predicate: (v: unknown) => boolean = () => true) =>
    (
      await rig.nextFrame(
        (f) => f.payload.msg_type === "emit" && f.payload.id === id && predicate(f.payload.v),
      )
    ).v;
  const local = (iso: unknown) => {
    const d = new Date(iso as string);
    return [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()];
  };
  const start = local(MARCH_1);

  it("datePicker compact: the inline time field sends the doc example's ISO string", async () => {
    await rig.cell("datePicker").locator("input.cc-date-field").fill("07:45");
    const sent = await rig.nextFrame((f) => f.payload.msg_type === "set_alarm");
    expect(typeof sent.value).toBe("string");
    expect(sent.value as string).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
    expect(local(sent.value).slice(3)).toEqual([7, 45]);
  });

  it("datePicker wheel: tapping or spinning a column picks that part and keeps the others", async () => {
    const wheel = byId("dp-wheel");
    expect(
      await wheel.locator(".cc-wheel-column").evaluateAll((cols) => cols.map((c) => c.dataset.part)),
    ).toEqual(["month", "day", "year", "hour", "minute"]);
    const minute = wheel.locator('[data-part="minute"]');
    await expect.poll(() => minute.locator('[aria-selected="true"]').textContent()).toBe("30");
    await minute.locator('[data-value="45"]').click();
    expect(local(await emitOf("dp-wheel"))).toEqual([...start.slice(0, 4), 45]);
    // One spun row down the hour column (a scroll that snaps) picks the next hour.
    await wheel
      .locator('[data-part="hour"]')
      .evaluate((col) => col.scrollBy({ top: 32, behavior: "instant" }));
    const spun = await emitOf("dp-wheel", (v) => local(v)[3] === (start[3] + 1) % 24);
    expect(local(spun)[4]).toBe(45);
  });

  it("datePicker graphical: a calendar day sends its date; days past dateMax are disabled", async () => {
    const calendar = byId("dp-calendar");
    await expect.poll(() => calendar.locator('[aria-pressed="true"]').textContent()).toBe(String(start[2]));
    expect(await calendar.locator('[data-day="25"]').isDisabled()).toBe(true);
    await calendar.locator('[data-day="15"]').click();
    const picked = local(await emitOf("dp-calendar"));
    expect(picked.slice(0, 3)).toEqual([start[0], start[1], 15]);
    await calendar.getByLabel("Next month").click();
    expect(await calendar.locator(".cc-calendar-day:not([disabled])").count()).toBe(0);
  });

  it("textInput composer: grows from minLines to maxLines, then scrolls; Aa flips autocorrect on the live field", async () => {
    const cell = byId("composer");
    const field = cell.locator("textarea");
    await expect.poll(() => field.getAttribute("data-rows")).toBe("1");
    expect(await field.getAttribute("autocorrect")).toBe("off");
    expect(await field.getAttribute("autocapitalize")).toBe("off");
    expect(await field.getAttribute("spellcheck")).toBe("false");
    await field.fill("ls\ncd /tmp\npwd");
    await expect.poll(() => field.getAttribute("data-rows")).toBe("3");
    await field.fill(Array.from({ length: 8 }, (_, i) => `line ${i}`).join("\n"));
    await expect.poll(() => field.getAttribute("data-rows")).toBe("4");
    expect(await field.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    const aa = cell.getByRole("button", { name: "Autocorrect" });
    await aa.click();
    expect(await aa.getAttribute("aria-pressed")).toBe("true");
    expect(await field.getAttribute("autocorrect")).toBe("on");
    expect(await field.getAttribute("autocapitalize")).toBe("sentences");
    expect(await field.getAttribute("spellcheck")).toBe("true");
    expect(await field.evaluate((el) => document.activeElement === el)).toBe(true);
    await field.fill("echo hi\nexit");
    await cell.getByRole("button", { name: "Send" }).click();
    expect(await emitOf("composer")).toBe("echo hi\nexit");
  });

  it("label terminal: the pane's columns fill the width (widest line, else the CSI 8 t report); Ctrl+wheel zooms, double-click refits", async () => {
    const pre = byId("pane").locator("pre.cc-terminal");
    const fill = () =>
      pre.evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const style = getComputedStyle(el);
        const inner = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return { ratio: range.getBoundingClientRect().width / inner, font: parseFloat(style.fontSize) };
      });
    rig.hub.broadcast("pane", { value: "\x1b[1;32m$\x1b[0m uptime\n" + "=".repeat(40) });
    await expect.poll(() => pre.getAttribute("data-columns")).toBe("40");
    await expect.poll(async () => (await fill()).ratio).toBeCloseTo(1, 1);
    const wide = (await fill()).font;
    rig.hub.broadcast("pane", { value: "\x1b[8;24;80t" + "=".repeat(40) });
    await expect.poll(() => pre.getAttribute("data-columns")).toBe("80");
    await expect.poll(async () => (await fill()).font / wide).toBeCloseTo(0.5, 1);
    expect(
      await pre
        .locator("span")
        .first()
        .evaluate((s) => getComputedStyle(s).color),
    ).not.toBe("");
    await pre.hover();
    await rig.page.keyboard.down("Control");
    await rig.page.mouse.wheel(0, -200);
    await rig.page.keyboard.up("Control");
    await expect.poll(async () => Number(await pre.getAttribute("data-zoom"))).toBeGreaterThan(1);
    await pre.dblclick();
    await expect.poll(() => pre.getAttribute("data-zoom")).toBe("1");
  });

  it("qrCode: modules in the default tint (#FFFFFF in the dark scheme) on the card, the label below the code", async () => {
    const cell = rig.cell("qrCode");
    const path = cell.locator(".cc-qr-svg path");
    const fill = () => path.evaluate((el) => getComputedStyle(el).fill);
    // The default tint is the theme's foreground: the documented #FFFFFF in the dark scheme.
    await rig.page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(fill).toBe("rgb(255, 255, 255)");
    await rig.page.emulateMedia({ colorScheme: "light" });
    await expect.poll(fill).toBe("rgb(0, 0, 0)");
    expect(await cell.locator(".cc-qr-svg").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      "rgba(0, 0, 0, 0)",
    );
    const caption = cell.locator(".cc-qr-label");
    expect(await caption.textContent()).toBe("Guest Wi-Fi");
    const svgBox = (await cell.locator(".cc-qr-svg").boundingBox())!;
    expect((await caption.boundingBox())!.y).toBeGreaterThanOrEqual(svgBox.y + svgBox.height - 1);
    expect(await cell.locator(".carter-control-label").count()).toBe(0);
  });

  it("cardList: a tap opens the card's doc sheet and emits the node id as sent with its label and category", async () => {
    rig.push("cardList", {
      nodes: [
        { id: 7, label: "Pump", category: "Display", description: "Flow meter" },
        { id: "fan", label: "Fan", category: "Controls" },
      ],
      edges: [{ from: 7, to: "fan" }],
    });
    const card = rig.cell("cardList").locator('[data-card="7"]');
    await card.click();
    const sent = await rig.nextFrame((f) => f.payload.id === "device-cards");
    expect(sent).toMatchObject({ v: 7, label: "Pump", category: "Display" });
    const sheet = rig.cell("cardList").getByRole("dialog", { name: "Pump" });
    await expect.poll(() => sheet.textContent()).toContain("Flow meter");
  });

  it("carousel coverflow: a synced jump riffles page by page; neighbours are posed in 3D", async () => {
    const root = byId("scenes").locator(".cc-carousel");
    await root.evaluate((el) => {
      const seen: string[] = [];
      (window as unknown as { pages: string[] }).pages = seen;
      new MutationObserver(() => seen.push(el.dataset.page!)).observe(el, { attributeFilter: ["data-page"] });
    });
    rig.hub.broadcast("scenes", { value: 3 });
    await expect.poll(() => root.getAttribute("data-page")).toBe("3");
    expect(await rig.page.evaluate(() => (window as unknown as { pages: string[] }).pages)).toEqual([
      "1",
      "2",
      "3",
    ]);
    const left = root.locator('.cc-carousel-page[data-offset="-1"]');
    expect(await left.getAttribute("style")).toContain("rotateY(50deg) scale(0.78)");
    await expect.poll(() => left.evaluate((el) => getComputedStyle(el).opacity)).toBe("0.6");
    expect(await left.evaluate((el) => getComputedStyle(el).transform)).toMatch(/^matrix3d\(/);
    await root.getByLabel("Previous page").click();
    expect(await emitOf("scenes")).toBe(2);
  });

  it("carousel paged: the track follows a drag, with a rubber band past the first page; the release pages on", async () => {
    const root = byId("rooms").locator(".cc-carousel");
    const viewport = root.locator(".cc-carousel-viewport");
    const track = root.locator(".cc-carousel-track");
    await viewport.scrollIntoViewIfNeeded();
    const box = (await viewport.boundingBox())!;
    const y = box.y + box.height / 2;
    await rig.page.mouse.move(box.x + box.width / 2, y);
    await rig.page.mouse.down();
    await rig.page.mouse.move(box.x + box.width / 2 + 90, y, { steps: 3 });
    await expect.poll(() => track.getAttribute("data-drag")).toBe("30");
    await rig.page.mouse.move(box.x + box.width / 2 - 120, y, { steps: 3 });
    await expect.poll(() => track.getAttribute("data-drag")).toBe("-120");
    await rig.page.mouse.up();
    expect(await emitOf("rooms")).toBe(1);
    expect(await track.getAttribute("data-drag")).toBe("0");
    await expect.poll(() => track.getAttribute("style")).toContain("-100%");
  });

  it("carousel deck: cards stack by layer; multiStep false jumps straight; a swipe emits the next index", async () => {
    const root = byId("promos").locator(".cc-carousel");
    const layer = (n: number) => root.locator(`.cc-carousel-page[data-offset="${n}"]`).getAttribute("style");
    expect(await layer(0)).toContain("translateX(0cqw) scale(1)");
    expect(await layer(1)).toContain("translateY(18px) rotate(3deg) scale(0.94)");
    expect(await layer(3)).toContain("opacity: 0");
    await root.evaluate((el) => {
      const seen: string[] = [];
      (window as unknown as { deck: string[] }).deck = seen;
      new MutationObserver(() => seen.push(el.dataset.page!)).observe(el, { attributeFilter: ["data-page"] });
    });
    rig.hub.broadcast("promos", { value: 3 });
    await expect.poll(() => root.getAttribute("data-page")).toBe("3");
    expect(await rig.page.evaluate(() => (window as unknown as { deck: string[] }).deck)).toEqual(["3"]);
    rig.hub.broadcast("promos", { value: 0 });
    await expect.poll(() => root.getAttribute("data-page")).toBe("0");
    const viewport = root.locator(".cc-carousel-viewport");
    await viewport.scrollIntoViewIfNeeded();
    const box = (await viewport.boundingBox())!;
    await rig.page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    await rig.page.mouse.down();
    await rig.page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2, { steps: 4 });
    await rig.page.mouse.up();
    expect(await emitOf("promos")).toBe(1);
    expect(rig.errors).toEqual([]);
  });
});

describe("classic input controls (Chromium, doc examples)", () => {
  const sent = (msgType: string, match: (p: Record<string, unknown>) => boolean = () => true) =>
    rig.nextFrame((f) => f.payload.msg_type === msgType && match(f.payload));

  it("button: a tap sends its static payload", async () => {
    expect(await rig.cell("button").locator(".cc-button-text").textContent()).toBe("Reboot");
    await rig.cell("button").locator("button").click();
    expect(await sent("command")).toEqual({ msg_type: "command", command: "reboot" });
  });

  it("toggle: shows a pushed state and sends the flipped one as a boolean", async () => {
    const sw = rig.cell("toggle").locator('[role="switch"]');
    rig.push("toggle", true);
    await expect.poll(() => sw.getAttribute("aria-checked")).toBe("true");
    await sw.click();
    expect(await sent("porch.light", (p) => p.on === false)).toEqual({ msg_type: "porch.light", on: false });
  });

  it("slider: shows a pushed number and sends the stepped one as a number", async () => {
    const range = rig.cell("slider").locator("input");
    rig.push("slider", 40);
    await expect.poll(() => range.inputValue()).toBe("40");
    await range.focus();
    await rig.page.keyboard.press("ArrowRight");
    expect(await sent("set_fan")).toEqual({ msg_type: "set_fan", value: 45 });
  });

  it("stepper: shows a pushed number and sends each increment as a number", async () => {
    rig.push("stepper", 21.5);
    await expect.poll(() => rig.cell("stepper").locator(".cc-stepper-value").textContent()).toBe("21.5");
    await rig.cell("stepper").getByLabel("Increase Setpoint").click();
    expect(await sent("set_setpoint")).toEqual({ msg_type: "set_setpoint", value: 22 });
  });

  it("segmentedControl and picker: show a pushed option and send the chosen option text", async () => {
    rig.push("segmentedControl", "Cool");
    const selected = rig.cell("segmentedControl").locator(".cc-segment.is-selected");
    await expect.poll(() => selected.textContent()).toBe("Cool");
    await rig.cell("segmentedControl").getByText("Heat").click();
    expect(await sent("set_hvac_mode")).toEqual({ msg_type: "set_hvac_mode", value: "Heat" });

    const select = rig.cell("picker").locator("select");
    rig.push("picker", "Optical");
    await expect.poll(() => select.inputValue()).toBe("Optical");
    await select.selectOption("HDMI 2");
    expect(await sent("set_source")).toEqual({ msg_type: "set_source", value: "HDMI 2" });
  });

  it("textInput: shows a pushed string and submits the typed text on Enter, then clears", async () => {
    const field = rig.cell("textInput").locator("input");
    rig.push("textInput", "Back at 6");
    await expect.poll(() => field.inputValue()).toBe("Back at 6");
    await field.fill("Dinner is ready");
    await field.press("Enter");
    expect(await sent("announce")).toEqual({ msg_type: "announce", text: "Dinner is ready" });
    await expect.poll(() => field.inputValue()).toBe("");
  });

  it("datePicker and colorPicker: show pushed values and send an ISO string and a #RRGGBB string", async () => {
    const time = rig.cell("datePicker").locator("input");
    const pushed = "2026-03-05T09:30:00Z";
    rig.push("datePicker", pushed);
    const local = await rig.page.evaluate((iso) => {
      const d = new Date(iso);
      return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
    }, pushed);
    await expect.poll(() => time.inputValue()).toBe(local);
    await time.fill("07:45");
    const alarm = await sent("set_alarm");
    expect(typeof alarm.value).toBe("string");
    const at = new Date(alarm.value as string);
    expect([at.getHours(), at.getMinutes()]).toEqual([7, 45]);

    const colour = rig.cell("colorPicker").locator('input[type="color"]');
    rig.push("colorPicker", "#00FF00");
    await expect.poll(() => colour.inputValue()).toBe("#00ff00");
    await colour.evaluate((input: HTMLInputElement) => {
      input.value = "#ff0000";
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    expect(await sent("set_color")).toEqual({ msg_type: "set_color", value: "#FF0000" });
    expect(rig.errors).toEqual([]);
  });
});
