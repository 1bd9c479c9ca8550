import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SubscribeRequestSchema, UnsubscribeRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { extractContract, getControlDoc, listControls } from "@carter/kit";
import schema from "@carter/kit/schema.json" with { type: "json" };
import type { McpContext } from "./context.js";

const JSON_TYPE = "application/json";

function jsonContents(uri: string, value: unknown) {
  return { contents: [{ uri, mimeType: JSON_TYPE, text: JSON.stringify(value, null, 2) }] };
}

/**
 * Resources: the document (whole and per tab), what the device rendered, the layout's contract,
 * the control catalog and docs, the JSON Schema. Subscribers get `resources/updated` when the
 * document, the contract or the device's rendering changes.
 */
export function registerResources(server: McpServer, ctx: McpContext): () => void {
  const subscribed = new Set<string>();
  server.server.setRequestHandler(SubscribeRequestSchema, (request) => {
    subscribed.add(request.params.uri);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });
  const stop = ctx.onChange((changed) => {
    for (const uri of subscribed)
      if (uri === changed || (changed === "carter://document" && uri.startsWith("carter://document/")))
        void server.server.sendResourceUpdated({ uri }).catch(() => undefined);
  });

  const layoutNow = () => ctx.documentLayout() ?? ctx.lastPushed;

  server.registerResource(
    "document",
    "carter://document",
    {
      title: "The open layout document",
      description: "The layout begin_edit opened, as it is now (null when none).",
      mimeType: JSON_TYPE,
    },
    (uri) => jsonContents(uri.href, ctx.documentLayout()),
  );

  server.registerResource(
    "document-tab",
    new ResourceTemplate("carter://document/tab/{index}", {
      list: () => ({
        resources: ((ctx.documentLayout()?.tabs as { title?: string }[] | undefined) ?? []).map(
          (tab, index) => ({
            uri: `carter://document/tab/${index}`,
            name: `tab ${index}: ${tab.title ?? ""}`,
            mimeType: JSON_TYPE,
          }),
        ),
      }),
    }),
    { title: "One tab of the document", mimeType: JSON_TYPE },
    (uri, { index }) => {
      const tabs = (ctx.documentLayout()?.tabs as unknown[] | undefined) ?? [];
      const tab = tabs[Number(index)];
      if (tab === undefined)
        throw new Error(`no tab ${String(index)} in the open document (${tabs.length} tabs)`);
      return jsonContents(uri.href, tab);
    },
  );

  server.registerResource(
    "device",
    "carter://device",
    {
      title: "What the device rendered",
      description: "The device's summary of its last rendered push (apply-layout echo), null before one.",
      mimeType: JSON_TYPE,
    },
    (uri) => jsonContents(uri.href, ctx.lastRendered),
  );

  server.registerResource(
    "contract",
    "carter://contract",
    {
      title: "The layout's wire contract",
      description:
        "Triggers (payload templates, token types), feeds (expected types, example frames), dynamic groups, app-direct bindings; secrets redacted.",
      mimeType: JSON_TYPE,
    },
    (uri) => {
      const layout = layoutNow();
      return jsonContents(uri.href, layout ? extractContract(layout) : null);
    },
  );

  server.registerResource(
    "catalog",
    "carter://catalog",
    { title: "Control catalog", description: "The 43 control types.", mimeType: JSON_TYPE },
    (uri) => jsonContents(uri.href, listControls()),
  );

  server.registerResource(
    "control-doc",
    new ResourceTemplate("carter://controls/{type}", {
      list: () => ({
        resources: listControls().map((c) => ({
          uri: `carter://controls/${c.type}`,
          name: c.type,
          mimeType: JSON_TYPE,
        })),
      }),
    }),
    { title: "A control's documentation", mimeType: JSON_TYPE },
    (uri, { type }) => jsonContents(uri.href, getControlDoc(String(type))),
  );

  server.registerResource(
    "schema",
    "carter://schema",
    { title: "Layout JSON Schema", mimeType: "application/schema+json" },
    (uri) => ({
      contents: [{ uri: uri.href, mimeType: "application/schema+json", text: JSON.stringify(schema) }],
    }),
  );
  return stop;
}
