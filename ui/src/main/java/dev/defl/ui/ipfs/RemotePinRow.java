package dev.defl.ui.ipfs;

import dev.defl.engine.content.remotepin.PinState;
import dev.defl.engine.content.remotepin.PinStatus;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the remote pins table: a pin request at the remote pinning service, as last seen.
 *
 * @param requestId the service's id of the request
 * @param cid       the pinned root CID, as text
 * @param name      the pin's name, or empty
 * @param status    queued, pinning, pinned or failed
 * @param created   when the service received the request
 * @param details   the service's {@code info.status_details}, or empty
 */
public record RemotePinRow(String requestId, String cid, String name, PinState status, Instant created, String details) {
    public RemotePinRow {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(details, "details");
    }

    /** The row of a status the service sent. */
    public static RemotePinRow of(PinStatus status) {
        return new RemotePinRow(status.requestId(), status.pin().cid(), status.pin().name() == null ? "" : status.pin().name(),
                status.status(), status.created(), status.statusDetails().orElse(""));
    }

    /** Whether the request is still moving (queued or pinning), so worth polling. */
    public boolean unsettled() {
        return !status.isSettled();
    }

    /** The status as the Pinning Service API names it ({@code queued}, {@code pinning}, {@code pinned}, {@code failed}). */
    public String statusText() {
        return status.wireName();
    }
}
