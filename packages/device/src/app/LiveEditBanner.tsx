import type { DeviceController } from "./controller.js";

/**
 * Always on screen during a live-edit session: the editor on this channel can change what the
 * device shows until the user ends the session here.
 */
export function LiveEditBanner({ controller }: { controller: DeviceController }) {
  if (!controller.liveEdit.value) return null;
  const channel = controller.link?.channel;
  return (
    <div class="carter-live-banner" role="status" data-live-edit="on">
      <span class="carter-live-dot" />
      <span class="carter-live-text">
        Live editing{channel ? ` · ${channel}` : ""}: the paired editor can change this screen
      </span>
      <button type="button" class="carter-live-end" onClick={() => controller.endSession()}>
        End session
      </button>
    </div>
  );
}
