import type { Command } from "../command.js";
import { relayCommand } from "./relay.js";

/** Every `carter` subcommand, in the order `carter --help` lists them. */
export const commands: readonly Command[] = [relayCommand];
