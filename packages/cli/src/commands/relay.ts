import type { Command } from "../command.js";

export const relayCommand: Command = {
  name: "relay",
  summary: "run a MeshSocket relay",
  usage: "carter relay [--host 0.0.0.0] [--port 8765]",
  run() {
    return Promise.reject(new Error("the relay is not built yet"));
  },
};
