import { randomUUID } from "node:crypto";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { controlValueKind, extractContract, placeAtPath, walkLayout, type Feed } from "@carter/kit";
import { filterMatches, isJsonObject, splitValuePath, valueAtPath, type JsonObject } from "@carter/protocol";
import { z } from "zod";
import type { McpContext } from "../context.js";
import { defineTool, json, jsonObject, ToolError } from "../tool.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value))
    return value.length && value.every((v) => typeof v === "number") ? "number[]" : "array";
  return typeof value;
}

/** Dotted paths of a payload's leaves with their kinds (arrays are leaves). */
function shape(value: unknown, path = "", out: Record<string, string> = {}): Record<string, string> {
  if (isJsonObject(value)) {
    for (const [key, child] of Object.entries(value)) shape(child, path ? `${path}.${key}` : key, out);
  } else if (path) out[path] = kindOf(value);
  return out;
}

const step = z
  .object({
    emit: jsonObject("a broadcast payload {msg_type, …}").optional(),
    set: jsonObject("control id → value, sent through each control's sync binding").optional(),
    wait_ms: z.number().int().min(0).max(60_000).optional(),
    assert: z
      .object({
        id: z.string(),
        equals: z.unknown().optional(),
        min: z.number().optional(),
        max: z.number().optional(),
        timeout_ms: z.number().int().min(0).max(60_000).default(5000),
      })
      .optional(),
  })
  .describe("one of emit, set, wait_ms or assert");

/** Wiring tools: emit data, watch traffic, check the layout against it, script scenarios, chat. */
export function registerWiringTools(server: McpServer, ctx: McpContext): void {
  /** The layout whose bindings drive set_control_value: the open document, else the last pushed. */
  const boundLayout = () => {
    const layout = ctx.documentLayout() ?? ctx.lastPushed;
    if (!layout) throw new ToolError("no layout: begin_edit or push_layout first");
    return layout;
  };
  const feedFor = (id: string): Feed => {
    const contract = extractContract(boundLayout());
    const feed = contract.feeds.find((f) => f.controlId === id && f.event === "broadcast");
    if (feed) return feed;
    const known = contract.feeds.map((f) => f.controlId);
    throw new ToolError(
      `${id}: no broadcast sync binding for this control (controls with one: ${known.join(", ") || "none"})`,
    );
  };
  const frameFor = (id: string, value: unknown) => {
    const feed = feedFor(id);
    return placeAtPath(feed.filter, feed.valuePath, value);
  };
  const emit = (payload: JsonObject) => {
    const session = ctx.requireSession();
    if (typeof payload.msg_type !== "string") throw new ToolError("payload.msg_type: required (a string)");
    const { msg_type: msgType, ...data } = payload;
    session.broadcast(msgType, data);
  };

  defineTool(server, "simulate", {
    title: "Emit a frame",
    description: "Broadcasts one data frame {msg_type, …} on the channel, as a hub would.",
    input: { payload: jsonObject("{msg_type, …fields}") },
    output: { sent: jsonObject("the payload sent") },
    run: ({ payload }) => {
      emit(payload);
      return { text: `sent ${String(payload.msg_type)}`, data: { sent: payload } };
    },
  });

  defineTool(server, "set_control_value", {
    title: "Drive a control through its binding",
    description:
      "Broadcasts the frame that reaches a control through its sync binding (filter + valuePath) of the " +
      "open document (or the last pushed layout), like hub.set.",
    input: { id: z.string(), value: json("the value") },
    output: { sent: jsonObject("the payload sent") },
    run: ({ id, value }) => {
      const frame = frameFor(id, value);
      emit(frame);
      return { text: `sent ${JSON.stringify(frame)}`, data: { sent: frame } };
    },
  });

  defineTool(server, "probe_traffic", {
    title: "Probe traffic",
    description:
      "Listens for some seconds and summarises the broadcasts seen: message types, counts, field shapes, an example each.",
    input: { seconds: z.number().min(0).max(60).default(3) },
    output: {
      messages: z.array(
        z.object({
          msgType: z.string(),
          count: z.number(),
          fields: z.record(z.string(), z.string()),
          example: jsonObject("the last payload"),
        }),
      ),
    },
    readOnly: true,
    run: async ({ seconds }) => {
      const session = ctx.requireSession();
      const since = Date.now();
      await sleep(seconds * 1000);
      const byType = new Map<
        string,
        { msgType: string; count: number; fields: Record<string, string>; example: JsonObject }
      >();
      for (const { payload } of session.broadcastsSince(since)) {
        const msgType = typeof payload.msg_type === "string" ? payload.msg_type : "(no msg_type)";
        const entry = byType.get(msgType) ?? { msgType, count: 0, fields: {}, example: payload };
        entry.count++;
        entry.example = payload;
        Object.assign(entry.fields, shape(payload));
        byType.set(msgType, entry);
      }
      const messages = [...byType.values()];
      return {
        text: messages.length
          ? messages.map((m) => `${m.msgType} ×${m.count}`).join(", ")
          : `no broadcasts in ${seconds} s`,
        data: { messages },
      };
    },
  });

  defineTool(server, "lint_against_traffic", {
    title: "Check bindings against traffic",
    description:
      "Listens for some seconds, then checks every sync binding of the layout against what was seen: no " +
      "matching frame, a valuePath that does not resolve, or a value of the wrong kind.",
    input: {
      seconds: z.number().min(0).max(60).default(3),
      layout: json("default: the open document").optional(),
    },
    output: {
      ok: z.boolean(),
      findings: z.array(
        z.object({
          id: z.string(),
          problem: z.enum(["no_frames", "path_missing", "wrong_kind", "ok"]),
          detail: z.string(),
        }),
      ),
    },
    readOnly: true,
    run: async ({ seconds, layout }) => {
      const session = ctx.requireSession();
      const source = layout ?? boundLayout();
      const since = Date.now() - 60_000;
      await sleep(seconds * 1000);
      const frames = session.broadcastsSince(since).map((f) => f.payload);
      const findings = extractContract(source)
        .feeds.filter((f) => f.event === "broadcast")
        .map((feed) => {
          const matching = frames.filter((p) => filterMatches(feed.filter, p));
          if (matching.length === 0)
            return {
              id: feed.controlId,
              problem: "no_frames" as const,
              detail: `no broadcast matched ${JSON.stringify(feed.filter)}`,
            };
          const value = valueAtPath(matching.at(-1), splitValuePath(feed.valuePath));
          if (value === undefined)
            return {
              id: feed.controlId,
              problem: "path_missing" as const,
              detail: `'${feed.valuePath}' is not in ${JSON.stringify(matching.at(-1))}`,
            };
          const kind = kindOf(value);
          const expected = feed.kind;
          const fits =
            expected === "any" ||
            kind === expected ||
            (expected === "number" && kind === "number[]") ||
            (expected === "array" && kind === "number[]") ||
            (expected === "object" && (kind === "object" || kind === "array" || kind === "string"));
          return fits
            ? { id: feed.controlId, problem: "ok" as const, detail: `${kind} at '${feed.valuePath}'` }
            : {
                id: feed.controlId,
                problem: "wrong_kind" as const,
                detail: `expects ${feed.expects}, got ${kind}`,
              };
        });
      const bad = findings.filter((f) => f.problem !== "ok");
      return {
        text: bad.length
          ? bad.map((f) => `${f.id}: ${f.problem} (${f.detail})`).join("; ")
          : `all ${findings.length} bindings see fitting data`,
        data: { ok: bad.length === 0, findings },
      };
    },
  });

  defineTool(server, "autowire", {
    title: "Bind unbound controls to observed traffic",
    description:
      "Listens for some seconds, then gives each control of the open document that has no sync binding " +
      "the observed broadcast field whose name matches its id or label and whose value fits its type. " +
      "Ambiguous or unmatched controls are listed, not guessed. One undo step.",
    input: { seconds: z.number().min(0).max(60).default(3) },
    output: {
      bound: z.array(z.object({ id: z.string(), msgType: z.string(), valuePath: z.string() })),
      unmatched: z.array(z.string()),
    },
    run: async ({ seconds }) => {
      const session = ctx.requireSession();
      const { doc } = ctx.requireDocument();
      await sleep(seconds * 1000);
      const observed = new Map<string, { msgType: string; path: string; kind: string }>();
      for (const { payload } of session.broadcastsSince(Date.now() - 60_000 - seconds * 1000)) {
        if (typeof payload.msg_type !== "string" || payload.msg_type.startsWith("studio.")) continue;
        for (const [path, kind] of Object.entries(shape(payload)))
          if (path !== "msg_type")
            observed.set(`${payload.msg_type} ${path}`, { msgType: payload.msg_type, path, kind });
      }
      const norm = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
      const fits = (controlKind: string, kind: string) =>
        controlKind === "any" ||
        controlKind === kind ||
        (controlKind === "number" && kind === "number[]") ||
        (controlKind === "array" && kind.endsWith("[]"));
      const bound: { id: string; msgType: string; valuePath: string }[] = [];
      const unmatched: string[] = [];
      const ops: { op: "updateControl"; id: string; set: Record<string, unknown> }[] = [];
      walkLayout(doc.layout, (node, info) => {
        if (info.kind !== "control" || typeof node.id !== "string" || typeof node.type !== "string") return;
        if (
          node.sync !== undefined ||
          node.type === "button" ||
          node.type === "spacer" ||
          node.type === "divider"
        )
          return;
        const names = [node.id, typeof node.label === "string" ? node.label : ""].map(norm).filter(Boolean);
        const kind = controlValueKind(node.type);
        const candidates = [...observed.values()].filter((o) => {
          const leaf = norm(o.path.split(".").at(-1) ?? "");
          return fits(kind, o.kind) && (names.includes(leaf) || names.includes(norm(o.path)));
        });
        if (candidates.length !== 1) {
          unmatched.push(node.id);
          return;
        }
        const [match] = candidates;
        ops.push({
          op: "updateControl",
          id: node.id,
          set: { sync: [{ filter: { msg_type: match.msgType }, valuePath: match.path }] },
        });
        bound.push({ id: node.id, msgType: match.msgType, valuePath: match.path });
      });
      if (ops.length) ctx.applyToDocument(() => doc.batch(ops, { author: "mcp", label: "autowire" }));
      return {
        text: `bound ${bound.map((b) => `${b.id} ← ${b.msgType}.${b.valuePath}`).join(", ") || "nothing"}${unmatched.length ? `; unmatched ${unmatched.join(", ")}` : ""}`,
        data: { bound, unmatched },
      };
    },
  });

  defineTool(server, "run_scenario", {
    title: "Run a scenario",
    description:
      "Runs steps in order: emit a frame, set controls through their bindings, wait, or assert a control's " +
      "value on the device (polled until it holds or the step's timeout). Stops at the first failed assert.",
    input: { steps: z.array(step).min(1), device: z.string().optional() },
    output: {
      passed: z.boolean(),
      steps: z.array(z.object({ index: z.number(), kind: z.string(), ok: z.boolean(), detail: z.string() })),
    },
    run: async ({ steps, device: name }) => {
      const session = ctx.requireSession();
      const results: { index: number; kind: string; ok: boolean; detail: string }[] = [];
      for (const [index, s] of steps.entries()) {
        const kinds = (["emit", "set", "wait_ms", "assert"] as const).filter((k) => s[k] !== undefined);
        if (kinds.length !== 1)
          throw new ToolError(`steps[${index}]: give exactly one of emit, set, wait_ms, assert`);
        const kind = kinds[0];
        if (kind === "emit") {
          emit(s.emit!);
          results.push({ index, kind, ok: true, detail: `sent ${String(s.emit!.msg_type)}` });
        } else if (kind === "set") {
          for (const [id, value] of Object.entries(s.set!)) emit(frameFor(id, value));
          results.push({ index, kind, ok: true, detail: `set ${Object.keys(s.set!).join(", ")}` });
        } else if (kind === "wait_ms") {
          await sleep(s.wait_ms!);
          results.push({ index, kind, ok: true, detail: `waited ${s.wait_ms} ms` });
        } else {
          const check = s.assert!;
          const device = await session.requireDevice(name);
          const deadline = Date.now() + check.timeout_ms;
          let actual: unknown;
          let ok = false;
          for (;;) {
            const reply = await session.verb(device, "get-control-state", { ids: [check.id] });
            actual = isJsonObject(reply.values) ? reply.values[check.id] : undefined;
            ok =
              (check.equals === undefined || JSON.stringify(actual) === JSON.stringify(check.equals)) &&
              (check.min === undefined || (typeof actual === "number" && actual >= check.min)) &&
              (check.max === undefined || (typeof actual === "number" && actual <= check.max)) &&
              actual !== undefined;
            if (ok || Date.now() >= deadline) break;
            await sleep(100);
          }
          const want = [
            check.equals !== undefined ? `= ${JSON.stringify(check.equals)}` : "",
            check.min !== undefined ? `≥ ${check.min}` : "",
            check.max !== undefined ? `≤ ${check.max}` : "",
          ]
            .filter(Boolean)
            .join(" ");
          results.push({
            index,
            kind,
            ok,
            detail: `${check.id} is ${JSON.stringify(actual)}${want ? `, wanted ${want}` : ""}`,
          });
          if (!ok) break;
        }
      }
      const passed = results.length === steps.length && results.every((r) => r.ok);
      const failed = results.find((r) => !r.ok);
      return {
        text: passed ? `all ${steps.length} steps passed` : `step ${failed?.index} failed: ${failed?.detail}`,
        data: { passed, steps: results },
      };
    },
  });

  defineTool(server, "say_in_chat", {
    title: "Say in chat",
    description:
      "Posts a chat message on the channel (chat_message), shown by every chat control in channel mode.",
    input: { text: z.string().min(1), name: z.string().default("Carter") },
    output: { id: z.string(), sent: jsonObject("the chat payload") },
    run: ({ text, name }) => {
      const session = ctx.requireSession();
      const id = randomUUID();
      const payload = {
        id,
        text,
        sender: { name, role: "device" },
        timestamp: new Date().toISOString(),
        channel: session.options.channel,
      };
      session.broadcast("chat_message", payload);
      return { text: `said "${text}"`, data: { id, sent: { msg_type: "chat_message", ...payload } } };
    },
  });

  defineTool(server, "read_chat", {
    title: "Read chat",
    description: "Chat messages seen on the channel since connect (newest last).",
    input: { limit: z.number().int().min(1).max(500).default(50) },
    output: {
      messages: z.array(
        z.object({
          id: z.string().nullable(),
          sender: z.string().nullable(),
          text: z.string(),
          timestamp: z.string().nullable(),
        }),
      ),
    },
    readOnly: true,
    run: ({ limit }) => {
      const session = ctx.requireSession();
      const messages = session
        .broadcastsSince(0)
        .map((f) => f.payload)
        .filter((p) => p.msg_type === "chat_message" || p.event === "chat_response")
        .map((p) => {
          const sender =
            isJsonObject(p.sender) && typeof p.sender.name === "string"
              ? p.sender.name
              : typeof p.name === "string"
                ? p.name
                : null;
          return {
            id: typeof p.id === "string" ? p.id : null,
            sender,
            text: typeof p.text === "string" ? p.text : "",
            timestamp: typeof p.timestamp === "string" ? p.timestamp : null,
          };
        })
        .slice(-limit);
      return {
        text: messages.map((m) => `${m.sender ?? "?"}: ${m.text}`).join("\n") || "no chat yet",
        data: { messages },
      };
    },
  });

  defineTool(server, "show_mesh_graph", {
    title: "Mesh graph",
    description: "Who is on the channel and in which role, as a small text graph.",
    input: {},
    output: {
      channel: z.string(),
      members: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
      text: z.string(),
    },
    readOnly: true,
    run: async () => {
      const session = ctx.requireSession();
      const members = (await session.roster()).map(({ id, name, role }) => ({ id, name, role }));
      const text = [
        `relay ${session.relayUrl} · channel '${session.options.channel}'`,
        ...members.map(
          (m, i) =>
            `${i === members.length - 1 ? "└─" : "├─"} ${m.name} (${m.role})${m.name === session.options.name ? " ← this server" : ""}`,
        ),
      ].join("\n");
      return { text, data: { channel: session.options.channel, members, text } };
    },
  });
}
