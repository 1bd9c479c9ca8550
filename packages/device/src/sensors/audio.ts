import { round, SensorDenied, type Pipeline, type SensorFeed } from "./pipeline.js";

/** How often the level is measured. */
const SAMPLE_MS = 100;
/** Silence floor: levels map dBFS -100..0 onto 0..100. */
const FLOOR_DBFS = -100;

/** Level (0–100) of a dBFS value. */
export function levelOf(dbfs: number): number {
  return Math.max(0, Math.min(100, dbfs - FLOOR_DBFS));
}

/** dBFS of a linear amplitude (`-100` for silence). */
export function dbfsOf(amplitude: number): number {
  return amplitude > 0 ? Math.max(FLOOR_DBFS, 20 * Math.log10(amplitude)) : FLOOR_DBFS;
}

/**
 * `audio`: loudness from the microphone (`getUserMedia` + `AnalyserNode`), measured every 100 ms
 * on the device: `dbfs` (RMS), `level` and `value` (0–100 over a -100 dBFS floor), `peak` (0–100,
 * loudest sample). No samples leave the analyser.
 */
export const audioPipeline: Pipeline = {
  name: "audio",
  prompts: true,
  unavailable: () =>
    typeof navigator !== "undefined" &&
    typeof navigator.mediaDevices?.getUserMedia === "function" &&
    typeof globalThis.AudioContext === "function"
      ? null
      : "this browser has no microphone access here (it needs a secure context: https or localhost)",
  needsTap: () => false,
  async start(feed: SensorFeed) {
    const context = new AudioContext();
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    } catch (error) {
      await context.close();
      const name = (error as DOMException).name;
      if (name === "NotAllowedError" || name === "SecurityError")
        throw new SensorDenied("microphone access was refused");
      throw new Error(`microphone: ${(error as Error).message}`);
    }
    await context.resume();
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      let peak = 0;
      for (const s of samples) {
        sum += s * s;
        peak = Math.max(peak, Math.abs(s));
      }
      const dbfs = dbfsOf(Math.sqrt(sum / samples.length));
      const level = round(levelOf(dbfs));
      feed.reading({ value: level, level, dbfs: round(dbfs), peak: round(levelOf(dbfsOf(peak))) });
    }, SAMPLE_MS);
    return () => {
      clearInterval(timer);
      for (const track of stream.getTracks()) track.stop();
      void context.close();
    };
  },
};
