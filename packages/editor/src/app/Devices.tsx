import { signal } from "@preact/signals";
import type { Live } from "./live.js";
import type { Store } from "./store.js";

const qrFor = signal<"web" | "app">("web");

/** Pairing QR, paired devices with their echoes, and push / save / import / highlight. */
export function Devices({ store, live }: { store: Store; live: Live }) {
  const info = live.info.value;
  if (live.state.value === "unavailable")
    return <p class="live-off">This editor server runs no live-edit channel.</p>;
  const selected = store.selected.value;
  const devices = live.devices.value;
  return (
    <section class="devices">
      <p class="live-status" data-state={live.state.value}>
        channel <strong>{info?.channel ?? "…"}</strong> ·{" "}
        {live.state.value === "ready" ? "connected" : live.state.value}
      </p>
      {info ? (
        <div class="pairing">
          <div class="qr-choice">
            <button class={qrFor.value === "web" ? "active" : ""} onClick={() => (qrFor.value = "web")}>
              Web device
            </button>
            <button class={qrFor.value === "app" ? "active" : ""} onClick={() => (qrFor.value = "app")}>
              CAR-TER app
            </button>
          </div>
          {/* The SVG is the editor server's own QR rendering of the payload below. */}
          <div class="qr" dangerouslySetInnerHTML={{ __html: info.qr[qrFor.value] }} />
          {qrFor.value === "web" ? (
            <a class="pair-url" href={info.deviceUrl} target="_blank" rel="noreferrer">
              {info.deviceUrl}
            </a>
          ) : (
            <code class="pair-json">{JSON.stringify(info.pairing)}</code>
          )}
        </div>
      ) : null}
      <div class="live-actions">
        <button data-action="push" disabled={live.state.value !== "ready"} onClick={() => void live.push()}>
          Push
        </button>
        <button
          data-action="save-device"
          disabled={live.state.value !== "ready"}
          onClick={() => void live.save()}
        >
          Save to device
        </button>
        <label title="push every change to the paired devices">
          <input
            type="checkbox"
            data-action="auto-push"
            checked={live.autoPush.value}
            onChange={(event) => (live.autoPush.value = (event.target as HTMLInputElement).checked)}
          />
          live
        </label>
        <button
          data-action="highlight"
          disabled={selected === null || devices.length === 0}
          title="point the selected control out on the device"
          onClick={() => selected !== null && void live.highlight(selected)}
        >
          Show on device
        </button>
      </div>
      <p class="live-message">{live.message.value}</p>
      <ul class="device-list">
        {devices.length === 0 ? <li class="none">no device paired: scan the QR</li> : null}
        {devices.map((device) => (
          <li key={device.id} data-device={device.name} class={device.failed ? "failed" : ""}>
            <div class="device-head">
              <strong>{device.name}</strong> <span class="role">{device.role}</span>
              <button data-action="import" onClick={() => void live.importFrom(device.id)}>
                Import
              </button>
            </div>
            <p class="device-note">{device.note}</p>
            {device.echo && !device.echo.matches ? (
              <ul class="echo">
                {device.echo.dropped.map((each) => (
                  <li key={each.id} data-dropped={each.id}>
                    dropped{" "}
                    <button class="link" onClick={() => store.select(each.id)}>
                      {each.id}
                    </button>{" "}
                    ({each.type}, tab {each.tab})
                  </li>
                ))}
                {device.echo.differing.map((each) => (
                  <li key={`${each.id}-${each.field}`}>
                    {each.id}: {each.field} {JSON.stringify(each.document)} rendered as{" "}
                    {JSON.stringify(each.rendered)}
                  </li>
                ))}
                {device.echo.unexpected.map((each) => (
                  <li key={each.id}>unexpected {each.id}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
