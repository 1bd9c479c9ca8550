export { main } from "./main.js";
export type { Command, CliIO } from "./command.js";
