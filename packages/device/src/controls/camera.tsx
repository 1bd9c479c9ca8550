import { useEffect, useRef, useState } from "preact/hooks";
import { bool, num, rootProps, strings } from "./fields.js";
import type { ControlProps } from "./types.js";

/** Snapshots are re-encoded smaller until their base64 fits this budget (the doc caps them near 500 KB). */
const SNAPSHOT_BUDGET = 500_000;
const SCAN_INTERVAL_MS = 250;

interface Detector {
  detect(source: HTMLCanvasElement): Promise<{ rawValue: string; format: string }[]>;
}

/** BarcodeDetector where the browser has one, else jsQR (QR codes only), loaded on first scan. */
async function makeDetector(): Promise<Detector> {
  const Native = (globalThis as { BarcodeDetector?: new () => Detector }).BarcodeDetector;
  if (Native) return new Native();
  const { default: jsQR } = await import("jsqr");
  return {
    detect: (canvas) => {
      const g = canvas.getContext("2d", { willReadFrequently: true })!;
      const image = g.getImageData(0, 0, canvas.width, canvas.height);
      const code = jsQR(image.data, image.width, image.height);
      return Promise.resolve(code ? [{ rawValue: code.data, format: "qr" }] : []);
    },
  };
}

/** JPEG base64 (no `data:` prefix) of the frame, scaled to `maxDimension` and shrunk to the budget. */
export function encodeSnapshot(video: HTMLVideoElement, maxDimension: number, quality: number) {
  let scale = Math.min(1, maxDimension / Math.max(video.videoWidth, video.videoHeight));
  let q = quality;
  for (;;) {
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(video.videoWidth * scale));
    canvas.height = Math.max(1, Math.round(video.videoHeight * scale));
    canvas.getContext("2d")!.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = canvas.toDataURL("image/jpeg", q).replace(/^data:image\/jpeg;base64,/, "");
    if (image.length <= SNAPSHOT_BUDGET || canvas.width <= 64)
      return { image, width: canvas.width, height: canvas.height };
    if (q > 0.3) q -= 0.15;
    else scale *= 0.75;
  }
}

/**
 * A live camera (started by the user, never automatically) that scans codes and can send
 * snapshots: a detection fires `action` with {{value}} and {{kind}} (`sendMode: "tap"` waits for
 * a tap); the same value re-fires only after `debounce` seconds.
 */
export function Camera({ def, ctx }: ControlProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [found, setFound] = useState<{ value: string; kind: string } | null>(null);
  const [torch, setTorch] = useState(false);
  const recent = useRef(new Map<string, number>());
  const scanning = strings(def.scan).length === 0 || strings(def.scan).includes("barcode");
  const tapMode = def.sendMode === "tap";
  const debounceMs = Math.max(0, num(def.debounce, 3)) * 1000;
  const snapshots = bool(def.snapshot, false) || def.snapshotAction !== undefined;
  const wanted = strings(def.symbologies).map((s) => s.toLowerCase());

  useEffect(() => () => stream?.getTracks().forEach((t) => t.stop()), [stream]);
  useEffect(() => {
    if (!stream || !scanning) return;
    let detector: Detector | null = null;
    let busy = false;
    const canvas = document.createElement("canvas");
    const timer = setInterval(() => {
      const v = video.current;
      if (busy || !v || v.videoWidth === 0) return;
      busy = true;
      canvas.width = v.videoWidth;
      canvas.height = v.videoHeight;
      canvas.getContext("2d", { willReadFrequently: true })!.drawImage(v, 0, 0);
      (detector ? Promise.resolve(detector) : makeDetector().then((d) => (detector = d)))
        .then((d) => d.detect(canvas))
        .then((codes) => {
          const code = codes.find(
            (c) => wanted.length === 0 || wanted.includes(kindOf(c.format).toLowerCase()),
          );
          if (code) detected(code.rawValue, kindOf(code.format));
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
        .finally(() => (busy = false));
    }, SCAN_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [stream, scanning]);

  const detected = (value: string, kind: string) => {
    const now = Date.now();
    const last = recent.current.get(value);
    if (last !== undefined && now - last < debounceMs) return;
    recent.current.set(value, now);
    setFound({ value, kind });
    ctx.commit(value, { fire: false });
    if (!tapMode) void ctx.fire("action", { value, kind });
  };
  const start = () => {
    setError(null);
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then((s) => {
        setStream(s);
        if (video.current) video.current.srcObject = s;
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const snap = () => {
    const v = video.current;
    if (!v || v.videoWidth === 0) return;
    const shot = encodeSnapshot(
      v,
      Math.max(64, num(def.snapshotMaxDimension, 1280)),
      Math.min(1, Math.max(0.1, num(def.snapshotQuality, 0.6))),
    );
    void ctx.fire("snapshotAction", { value: shot.image, ...shot });
  };
  const track = stream?.getVideoTracks()[0];
  const canTorch =
    bool(def.torch, true) && !!track && "torch" in ((track.getCapabilities?.() ?? {}) as object);
  const last = ctx.value.value;
  return (
    <div {...rootProps(def, ctx)}>
      <video ref={video} class="cc-camera-video" autoplay muted playsInline hidden={!stream} />
      {stream ? null : (
        <button type="button" class="cc-camera-start" onClick={start}>
          Start camera
        </button>
      )}
      {stream ? (
        <div class="cc-camera-bar">
          {snapshots ? (
            <button type="button" class="cc-camera-snap" onClick={snap}>
              Snapshot
            </button>
          ) : null}
          {canTorch ? (
            <button
              type="button"
              class="cc-camera-torch"
              aria-pressed={torch}
              onClick={() => {
                void track!.applyConstraints({ advanced: [{ torch: !torch } as MediaTrackConstraintSet] });
                setTorch(!torch);
              }}
            >
              Torch
            </button>
          ) : null}
          {tapMode && found ? (
            <button
              type="button"
              class="cc-camera-send"
              onClick={() => void ctx.fire("action", { value: found.value, kind: found.kind })}
            >
              {`Send ${found.value}`}
            </button>
          ) : null}
        </div>
      ) : null}
      {typeof last === "string" || typeof last === "number" ? (
        <div class="cc-camera-value cc-readout">{String(last)}</div>
      ) : null}
      {error ? <div class="cc-placeholder cc-camera-error">{error}</div> : null}
    </div>
  );
}

/** BarcodeDetector's format names in the layout's symbology words (`qr_code` → `qr`, `ean_13` → `ean13`). */
function kindOf(format: string): string {
  const words: Record<string, string> = {
    qr_code: "qr",
    ean_13: "ean13",
    ean_8: "ean8",
    upc_e: "upce",
    code_128: "code128",
    code_39: "code39",
    code_93: "code93",
    data_matrix: "dataMatrix",
    itf: "itf14",
  };
  return words[format] ?? format;
}
