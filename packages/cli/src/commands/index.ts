import type { Command } from "../command.js";
import { relayCommand } from "./relay.js";
import { clusterCommand } from "./cluster.js";
import { gatewayCommand } from "./gateway.js";
import { catalogCommand } from "./catalog.js";
import { docCommand } from "./doc.js";
import { pairCommand } from "./pair.js";
import { validateCommand } from "./validate.js";
import { deviceCommand } from "./device.js";
import { demoCommand } from "./demo.js";
import { initCommand } from "./init.js";

/** Every `carter` subcommand, in the order `carter --help` lists them. */
export const commands: readonly Command[] = [
  relayCommand,
  clusterCommand,
  gatewayCommand,
  catalogCommand,
  docCommand,
  pairCommand,
  validateCommand,
  deviceCommand,
  demoCommand,
  initCommand,
];
