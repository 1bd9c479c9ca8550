import { describe, expect, it } from "vitest";
import { extract, mqttPublishBody, parseMqttPayload, topicMatches } from "./payload.js";

describe("mqtt topics and payloads", () => {
  it("matches + and # wildcards as MQTT does", () => {
    expect(topicMatches("home/+/temp", "home/kitchen/temp")).toBe(true);
    expect(topicMatches("home/+/temp", "home/kitchen/hum")).toBe(false);
    expect(topicMatches("home/+/temp", "home/a/b/temp")).toBe(false);
    expect(topicMatches("sensors/#", "sensors")).toBe(true);
    expect(topicMatches("sensors/#", "sensors/a/b")).toBe(true);
    expect(topicMatches("sensors/#", "other/a")).toBe(false);
    expect(topicMatches("#", "$SYS/broker/uptime")).toBe(false);
    expect(topicMatches("a/b", "a/b/c")).toBe(false);
  });

  it("parses JSON payloads and keeps bare words as strings", () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(parseMqttPayload(bytes("23.5"))).toBe(23.5);
    expect(parseMqttPayload(bytes("true"))).toBe(true);
    expect(parseMqttPayload(bytes("ON"))).toBe("ON");
    expect(parseMqttPayload(bytes('{"value":1}'))).toEqual({ value: 1 });
    expect(parseMqttPayload(bytes(""))).toBe("");
  });

  it("publishes strings raw and everything else as JSON", () => {
    expect(mqttPublishBody("ON")).toBe("ON");
    expect(mqttPublishBody(true)).toBe("true");
    expect(mqttPublishBody({ on: 1 })).toBe('{"on":1}');
    expect(mqttPublishBody(undefined)).toBe("");
  });

  it("applies filter and valuePath like meshsocket frames", () => {
    const payload = { msg_type: "rack", psu: { volts: 12.1 } };
    expect(extract(payload, { msg_type: "rack" }, ["psu", "volts"])).toBe(12.1);
    expect(extract(payload, { msg_type: "other" }, ["psu", "volts"])).toBeUndefined();
    expect(extract(23.5, undefined, [])).toBe(23.5);
    expect(extract(23.5, { msg_type: "rack" }, [])).toBeUndefined();
  });
});
