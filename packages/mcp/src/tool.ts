import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z, type ZodRawShape } from "zod";

/** What a tool's body returns: a short human line and the structured result the output schema describes. */
export interface ToolOutput<T> {
  text: string;
  data: T;
  /** Extra content blocks (an image, the QR text…) after the text. */
  extra?: CallToolResult["content"];
}

/** A tool's failure the model can act on: the message names the field or the missing step. */
export class ToolError extends Error {}

type Shape = ZodRawShape;
type Infer<S extends Shape> = z.infer<z.ZodObject<S>>;

export interface ToolSpec<I extends Shape, O extends Shape> {
  title: string;
  description: string;
  input: I;
  output: O;
  readOnly?: boolean;
  run(input: Infer<I>): Promise<ToolOutput<Infer<O>>> | ToolOutput<Infer<O>>;
}

/**
 * Registers a tool with input and output schemas; the body's `{text, data}` becomes a text block
 * plus `structuredContent`. A thrown error becomes an `isError` result carrying its message.
 */
export function defineTool<I extends Shape, O extends Shape>(
  server: McpServer,
  name: string,
  spec: ToolSpec<I, O>,
): void {
  server.registerTool(
    name,
    {
      title: spec.title,
      description: spec.description,
      inputSchema: spec.input,
      outputSchema: spec.output,
      annotations: spec.readOnly ? { readOnlyHint: true } : undefined,
    },
    (async (input: Infer<I>): Promise<CallToolResult> => {
      const result = await spec.run(input);
      return {
        content: [{ type: "text", text: result.text }, ...(result.extra ?? [])],
        structuredContent: result.data as Record<string, unknown>,
      };
    }) as never,
  );
}

/** Any JSON value (zod's `unknown`, described for the model). */
export const json = (description: string) => z.unknown().describe(description);

/** A JSON object with arbitrary keys. */
export const jsonObject = (description: string) => z.record(z.string(), z.unknown()).describe(description);
