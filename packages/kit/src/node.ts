// Node-only kit helpers: reading connection files and rendering pairing QR codes (PNG needs Node).
export * from "./index.js";
export { loadConnection } from "./connection/load.js";
export { pairingQr, pairingText, type PairingQr, type PairingQrOptions } from "./pair/pairing-qr.js";
