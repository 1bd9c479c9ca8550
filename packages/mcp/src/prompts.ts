import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

/** Prompts for the two common jobs: a dashboard from a payload, and wiring a layout to a service. */
export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    "build_dashboard",
    {
      title: "Build a dashboard for this payload",
      description: "Infer, refine, validate and push a dashboard for a sample payload.",
      argsSchema: { payload: z.string().describe("a sample payload (JSON) your service broadcasts") },
    },
    ({ payload }) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "text",
            text:
              `Build a CAR-TER dashboard for this payload:\n\n${payload}\n\n` +
              "Steps: connect (if not connected), open_virtual_device, infer_layout with open:true, " +
              "then refine with autotune_gauge, update_control, move_control and show_grid; validate; " +
              "push_layout and check that its comparison matches; simulate the payload and read " +
              "get_control_state to confirm every control shows its value; screenshot_device to show the result.",
          },
        },
      ],
    }),
  );

  server.registerPrompt(
    "wire_layout",
    {
      title: "Wire this layout to my service",
      description: "Connect the open layout's controls to a service's traffic and generate its hub.",
      argsSchema: {
        service: z.string().describe("what the service is, and how it sends data or takes commands"),
      },
    },
    ({ service }) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "text",
            text:
              `Wire the open layout to this service: ${service}\n\n` +
              "Read carter://contract for the layout's triggers and feeds. probe_traffic to see what the " +
              "service sends, then lint_against_traffic and fix bindings with update_control (filter, " +
              "valuePath). generate_hub for the server side, and run_scenario to prove that data reaches " +
              "the device and actions reach the hub.",
          },
        },
      ],
    }),
  );
}
