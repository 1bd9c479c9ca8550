import type { Provisioning } from "../live/provisioning.js";

/**
 * The approval sheet of provisioning through the device (session-protocol §5.6): the editor asks
 * to add a device to this account; Approve mints its credential, Deny (or 60 s) refuses.
 */
export function ProvisionSheet({ provisioning }: { provisioning: Provisioning }) {
  const asking = provisioning.asking.value;
  if (!asking) return null;
  return (
    <div class="carter-config" role="dialog" aria-label="Add a device">
      <div class="carter-config-sheet">
        <h2>Add a device?</h2>
        <p>
          The editor asks to add a <strong>{asking.role}</strong> on channel <code>{asking.channel}</code> to
          account {asking.account}
          {asking.reuseRoomKey ? ", sharing the channel's room key" : ", with a new room key"}. It gets its
          own credential, which you can revoke from the account's devices.
        </p>
        <div class="carter-config-actions">
          <button type="button" data-provision="deny" onClick={() => provisioning.deny()}>
            Deny
          </button>
          <button
            type="button"
            class="carter-config-send"
            data-provision="approve"
            onClick={() => void provisioning.approve()}
          >
            Approve
          </button>
        </div>
      </div>
    </div>
  );
}
