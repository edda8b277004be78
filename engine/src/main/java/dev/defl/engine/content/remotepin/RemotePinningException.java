package dev.defl.engine.content.remotepin;

import dev.defl.engine.content.ContentException;
import java.io.Serial;
import java.net.URI;
import java.util.Optional;

/**
 * A Pinning Service API call that failed: the service could not be reached, did not answer in time, answered
 * with an error ({@code {"error": {"reason": …, "details": …}}} on 400, 401, 404, 409, other 4XX, 5XX) or
 * with a body that does not follow the spec. The message names the endpoint, the request, the HTTP status and
 * the service's reason and details. It never contains the access token: text from the service is scrubbed of
 * it before it is quoted.
 */
public class RemotePinningException extends ContentException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as the client can tell. */
    public enum Kind {
        /** No connection: refused, unknown host, reset. */
        UNREACHABLE,
        /** No answer within the client's timeout. */
        TIMEOUT,
        /** The service answered with an error status. */
        SERVICE_ERROR,
        /** The service answered with success but a body the client could not read as the spec's schema. */
        BAD_RESPONSE,
        /** The calling thread was interrupted while waiting. */
        INTERRUPTED,
        /** {@link RemotePinningClient#waitUntilSettled} ran out of time; see {@link RemotePinTimeoutException}. */
        NOT_SETTLED
    }

    private final transient URI endpoint;
    private final String request;
    private final Kind kind;
    private final int httpStatus;
    private final String reason;
    private final String details;

    /**
     * @param endpoint   the service's base URL, e.g. {@code https://api.pinata.cloud/psa}
     * @param request    method and path of the call, e.g. {@code GET /pins/abc}
     * @param kind       what went wrong
     * @param httpStatus HTTP status of the answer, 0 when there was none
     * @param reason     the spec's {@code error.reason}, or null when the service gave none
     * @param details    the spec's {@code error.details}, or null when the service gave none
     * @param message    the client's description of the failure (must not contain the token)
     * @param cause      the underlying exception, or null
     */
    public RemotePinningException(URI endpoint, String request, Kind kind, int httpStatus, String reason,
            String details, String message, Throwable cause) {
        super("pinning service " + endpoint + ": " + request + ": " + message, cause);
        this.endpoint = endpoint;
        this.request = request;
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.reason = reason;
        this.details = details;
    }

    /** The service's base URL. */
    public URI endpoint() {
        return endpoint;
    }

    /** Method and path (with query) of the failed call, e.g. {@code DELETE /pins/abc}. */
    public String request() {
        return request;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** HTTP status of the service's answer, 0 when there was none. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The spec's machine-readable {@code error.reason}, e.g. {@code NOT_FOUND}, if the service gave one. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** The spec's human-readable {@code error.details}, if the service gave them. */
    public Optional<String> details() {
        return Optional.ofNullable(details);
    }
}
