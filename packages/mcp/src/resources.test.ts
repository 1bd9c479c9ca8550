import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { startRig, type TestRig } from "./test-support.js";

describe("resources and prompts", () => {
  let rig: TestRig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => rig?.close());

  const read = async (uri: string) => {
    const { contents } = await rig.client.readResource({ uri });
    return JSON.parse((contents[0] as { text: string }).text) as unknown;
  };

  it("lists the resources and templates", async () => {
    const { resources } = await rig.client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toEqual(
      expect.arrayContaining([
        "carter://document",
        "carter://contract",
        "carter://catalog",
        "carter://schema",
        "carter://device",
      ]),
    );
    expect(uris).toContain("carter://controls/gauge");
    const { resourceTemplates } = await rig.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(
      expect.arrayContaining(["carter://document/tab/{index}", "carter://controls/{type}"]),
    );
  });

  it("serves the document, its tabs and contract, and notifies subscribers of edits", async () => {
    expect(await read("carter://document")).toBeNull();
    await rig.call("begin_edit", { source: "sample", sample: "dashboard" });
    const updates: string[] = [];
    rig.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updates.push(n.params.uri);
    });
    await rig.client.subscribeResource({ uri: "carter://document" });
    await rig.client.subscribeResource({ uri: "carter://document/tab/0" });
    await rig.client.subscribeResource({ uri: "carter://contract" });
    await rig.call("add_control", {
      control: { type: "label", id: "mem", text: "mem" },
      position: [2, 2],
    });
    await expect
      .poll(() => [...new Set(updates)].sort())
      .toEqual(["carter://contract", "carter://document", "carter://document/tab/0"]);
    expect(await read("carter://document/tab/0")).toMatchObject({ title: "Overview" });
    const contract = (await read("carter://contract")) as { feeds: { controlId: string }[] };
    expect(contract.feeds.map((f) => f.controlId)).toContain("cpu");
    await rig.client.unsubscribeResource({ uri: "carter://document" });
    await expect(rig.client.readResource({ uri: "carter://document/tab/9" })).rejects.toThrow(/no tab 9/);
    expect(await read("carter://controls/gauge")).toMatchObject({ type: "gauge" });
    expect(await read("carter://schema")).toHaveProperty("$schema");
  });

  it("offers the two prompts", async () => {
    const { prompts } = await rig.client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(["build_dashboard", "wire_layout"]);
    const prompt = await rig.client.getPrompt({
      name: "build_dashboard",
      arguments: { payload: '{"msg_type":"m","t":1}' },
    });
    expect(JSON.stringify(prompt.messages)).toContain("infer_layout");
  });
});
