import type { SourceRuntime } from "./runtime.js";
import type { SensorStatus } from "./status.js";

const SENSOR_LABELS: Record<string, string> = {
  heading: "compass heading",
  motion: "motion and tilt",
  barometer: "air pressure",
  device: "battery",
  audio: "sound level (microphone)",
  location: "location",
};

function SensorChip({ sensor, runtime }: { sensor: SensorStatus; runtime: SourceRuntime }) {
  const label = SENSOR_LABELS[sensor.pipeline] ?? sensor.pipeline;
  const channel = runtime.channel();
  return (
    <li
      class={`carter-src carter-src-${sensor.state}`}
      data-sensor={sensor.pipeline}
      data-state={sensor.state}
    >
      <span class="carter-src-dot" />
      <span class="carter-src-name">{sensor.pipeline}</span>
      {sensor.state === "needs-consent" ? (
        <span class="carter-src-ask">
          {sensor.publishing
            ? `Share your ${label} with ${channel ? `channel “${channel}”` : "this layout's channel"}?`
            : `Use your ${label} on this screen?`}
          {sensor.detail ? ` (${sensor.detail})` : ""}
          <button type="button" onClick={() => runtime.grant(sensor.pipeline)}>
            Allow {sensor.pipeline}
          </button>
          <button type="button" onClick={() => runtime.deny(sensor.pipeline)}>
            Deny
          </button>
        </span>
      ) : (
        <span class="carter-src-detail">
          {sensor.state === "running" && sensor.publishing
            ? "on · broadcasting"
            : sensor.state === "running"
              ? "on"
              : sensor.state}
          {sensor.detail ? `: ${sensor.detail}` : ""}
        </span>
      )}
    </li>
  );
}

/**
 * The sources status area under the header: every MQTT broker and HTTP poll with its state and
 * error, every sensor pipeline (consent asked here, once per pipeline), every publisher and
 * binding problems. Renders nothing for a layout that uses none of them.
 */
export function SourcesBar({ runtime }: { runtime: SourceRuntime }) {
  const status = runtime.status.value;
  if (
    status.sources.length === 0 &&
    status.sensors.length === 0 &&
    status.publishers.length === 0 &&
    status.problems.length === 0
  )
    return null;
  return (
    <ul class="carter-sources" aria-label="Sources and sensors">
      {status.sources.map((s) => (
        <li
          key={`${s.type}:${s.name}:${s.url}`}
          class={`carter-src carter-src-${s.state}`}
          data-source={s.name}
          data-state={s.state}
          title={s.url}
        >
          <span class="carter-src-dot" />
          <span class="carter-src-name">
            {s.type} {s.name}
          </span>
          <span class="carter-src-detail">{s.error ?? s.state}</span>
        </li>
      ))}
      {status.sensors.map((s) => (
        <SensorChip key={s.pipeline} sensor={s} runtime={runtime} />
      ))}
      {status.publishers.map((p, i) => (
        <li
          key={`pub:${i}`}
          class={`carter-src carter-src-${p.state}`}
          data-publisher={p.sensor}
          data-state={p.state}
        >
          <span class="carter-src-dot" />
          <span class="carter-src-name">publish {p.sensor}</span>
          <span class="carter-src-detail">
            {p.state} · every {p.interval} s · {p.sent} sent
          </span>
        </li>
      ))}
      {status.problems.map((p, i) => (
        <li key={`problem:${i}`} class="carter-src carter-src-error" data-problem={p.control ?? ""}>
          <span class="carter-src-dot" />
          <span class="carter-src-detail">
            {p.control ? `${p.control}: ` : ""}
            {p.problem}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The reason a control gets no data (or its action failed), drawn inside its cell. */
export function SourceNote({ runtime, id }: { runtime: SourceRuntime | undefined; id: string }) {
  const problem = runtime?.controlProblems.value.get(id);
  if (!problem) return null;
  return (
    <div class="carter-source-note" role="status" data-source-problem>
      {problem}
    </div>
  );
}
