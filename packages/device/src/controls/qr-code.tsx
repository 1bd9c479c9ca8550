import { create } from "qrcode";
import type { QRCodeErrorCorrectionLevel } from "qrcode";
import { rootProps, str } from "./fields.js";
import type { ControlProps } from "./types.js";

const LEVELS = new Set(["L", "M", "Q", "H"]);
const QUIET = 2;

/** Dark modules as an SVG path (squares, or dots for the rounded style). */
export function qrModulesPath(
  text: string,
  level: QRCodeErrorCorrectionLevel,
  rounded: boolean,
): { size: number; d: string } {
  const { modules } = create(text, { errorCorrectionLevel: level });
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      const x = col + QUIET;
      const y = row + QUIET;
      parts.push(rounded ? `M${x + 0.5} ${y}a.5 .5 0 1 1 0 1a.5 .5 0 1 1 0-1z` : `M${x} ${y}h1v1h-1z`);
    }
  }
  return { size: modules.size + QUIET * 2, d: parts.join("") };
}

/**
 * Encodes the synced string (else `text`) as a QR code drawn in `tint` straight on the card, as
 * the app does. The default tint is the theme's foreground: #FFFFFF (the documented default) in
 * the dark scheme, dark in the light scheme so the code keeps its contrast. The label (else the
 * id) sits below the code.
 */
export function QrCode({ def, ctx }: ControlProps) {
  const raw = ctx.value.value ?? def.defaultValue;
  const text = raw === undefined || raw === null || raw === "" ? str(def.text) : String(raw);
  const level = (
    LEVELS.has(def.correctionLevel as string) ? def.correctionLevel : "M"
  ) as QRCodeErrorCorrectionLevel;
  let body;
  if (text === "") body = <div class="cc-placeholder">Nothing to encode</div>;
  else {
    try {
      const { size, d } = qrModulesPath(text, level, def.style === "rounded");
      body = (
        <svg
          class="cc-qr-svg"
          viewBox={`0 0 ${size} ${size}`}
          role="img"
          aria-label={`QR code: ${text}`}
          shape-rendering={def.style === "rounded" ? undefined : "crispEdges"}
        >
          <path d={d} />
        </svg>
      );
    } catch {
      body = <div class="cc-placeholder">Too long for a QR code</div>;
    }
  }
  const caption = def.hideLabel === true ? "" : str(def.label, def.id);
  return (
    <div {...rootProps(def, ctx)}>
      {body}
      {caption ? <div class="cc-qr-label">{caption}</div> : null}
    </div>
  );
}
