package dev.defl.engine.content.gateway;

import dev.defl.engine.content.ContentException;
import java.io.Serial;
import java.net.URI;

/**
 * A request to a trustless gateway that failed: the gateway could not be reached, did not answer in
 * time, answered an error status, or answered something that is not what a trustless gateway sends.
 * The message names the request URL (with the CID) and, for an error status, the status and the start
 * of the gateway's message. A 404 is not a {@code GatewayException} but a
 * {@link dev.defl.engine.content.ContentNotFoundException}.
 */
public class GatewayException extends ContentException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as the client can tell. */
    public enum Kind {
        /** No connection: refused, unknown host, reset. */
        UNREACHABLE,
        /** No answer (headers or the whole body) within the request timeout. */
        TIMEOUT,
        /** The gateway answered an error status other than 404. */
        HTTP_ERROR,
        /** The gateway answered 200 with the wrong content type or a body the client could not use. */
        BAD_RESPONSE
    }

    private final transient URI url;
    private final Kind kind;
    private final int httpStatus;

    /**
     * @param url        the request URL, e.g. {@code http://127.0.0.1:8080/ipfs/bafk…?format=raw}
     * @param kind       what went wrong
     * @param httpStatus HTTP status of the answer, 0 when there was none
     * @param detail     the client's description of the failure
     * @param cause      the underlying exception, or null
     */
    public GatewayException(URI url, Kind kind, int httpStatus, String detail, Throwable cause) {
        super("trustless gateway " + url + ": " + detail, cause);
        this.url = url;
        this.kind = kind;
        this.httpStatus = httpStatus;
    }

    /** The request URL. */
    public URI url() {
        return url;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** HTTP status of the gateway's answer, 0 when there was none. */
    public int httpStatus() {
        return httpStatus;
    }
}
