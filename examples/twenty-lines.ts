import { cpus, loadavg } from "node:os";
import { createHub } from "@carter/hub";
import layout from "./twenty-lines.layout.json" with { type: "json" };

// No CARTER_RELAY_URL: the hub starts its own relay on ws://127.0.0.1:8765.
const hub = await createHub({ layout, url: process.env.CARTER_RELAY_URL });

const cpu = () => Math.min(100, Math.round((loadavg()[0] / cpus().length) * 100));
const timer = setInterval(() => hub.set("cpu", cpu()), 1000);

hub.on("greet", () => console.log("hello from the phone!"));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    clearInterval(timer);
    void hub.close();
  });
}
console.log(`serving ${layout.name} on ${hub.url} as '${hub.name}'`);
