package dev.defl.engine.content.remotepin;

import java.io.Serial;
import java.net.URI;
import java.time.Duration;

/**
 * {@link RemotePinningClient#waitUntilSettled} gave up: the pin request was still {@code queued} or
 * {@code pinning} when its timeout ran out. The message names the request id, the last status seen (with the
 * service's {@code status_details}, if any) and how long the client waited. The request itself is untouched
 * at the service: poll again or remove it.
 */
public class RemotePinTimeoutException extends RemotePinningException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String requestId;
    private final transient PinStatus lastStatus;
    private final Duration waited;

    /**
     * @param endpoint   the service's base URL
     * @param lastStatus the last status the service reported
     * @param waited     how long the client polled
     * @param shownDetails the status details to quote in the message (scrubbed of the token), or null
     */
    RemotePinTimeoutException(URI endpoint, PinStatus lastStatus, Duration waited, String shownDetails) {
        super(endpoint, "GET /pins/" + lastStatus.requestId(), Kind.NOT_SETTLED, 0, null, null,
                "pin request " + lastStatus.requestId() + " (CID " + lastStatus.pin().cid() + ") not settled after "
                        + waited.toMillis() + " ms; last status " + lastStatus.status().wireName()
                        + (shownDetails == null ? "" : " (" + shownDetails + ")"),
                null);
        this.requestId = lastStatus.requestId();
        this.lastStatus = lastStatus;
        this.waited = waited;
    }

    /** The request that did not settle. */
    public String requestId() {
        return requestId;
    }

    /** The last status the service reported for it. */
    public PinStatus lastStatus() {
        return lastStatus;
    }

    /** How long the client polled. */
    public Duration waited() {
        return waited;
    }
}
