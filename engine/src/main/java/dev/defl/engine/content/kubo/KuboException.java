package dev.defl.engine.content.kubo;

import dev.defl.engine.content.ContentException;
import java.io.Serial;
import java.net.URI;
import java.util.Optional;

/**
 * A Kubo RPC call that failed: the node could not be reached, did not answer in time, or answered
 * with an error. The message names the endpoint, the API path (with its arguments, e.g. the CID) and
 * the node's own error message ({@code {"Message": …, "Code": …, "Type": "error"}} on HTTP 500).
 */
public class KuboException extends ContentException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as the client can tell. */
    public enum Kind {
        /** No connection: refused, unknown host, reset. */
        UNREACHABLE,
        /** No answer within the request timeout, or the node reported its own {@code timeout=} expiring. */
        TIMEOUT,
        /** The node answered with an error status and (usually) a message. */
        NODE_ERROR,
        /** The node answered 200 but with a body the client could not understand. */
        BAD_RESPONSE
    }

    private final transient URI endpoint;
    private final String apiPath;
    private final Kind kind;
    private final int httpStatus;
    private final String nodeMessage;

    /**
     * @param endpoint    the node's base URL, e.g. {@code http://127.0.0.1:5001}
     * @param apiPath     the API path and query, e.g. {@code /api/v0/block/get?arg=bafk…}
     * @param kind        what went wrong
     * @param httpStatus  HTTP status of the answer, 0 when there was none
     * @param nodeMessage the node's error message, or null when it gave none
     * @param detail      the client's description of the failure
     * @param cause       the underlying exception, or null
     */
    public KuboException(URI endpoint, String apiPath, Kind kind, int httpStatus, String nodeMessage, String detail,
            Throwable cause) {
        super("Kubo RPC " + endpoint + apiPath + ": " + detail, cause);
        this.endpoint = endpoint;
        this.apiPath = apiPath;
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.nodeMessage = nodeMessage;
    }

    /** The node's base URL. */
    public URI endpoint() {
        return endpoint;
    }

    /** The API path and query that failed, e.g. {@code /api/v0/block/get?arg=bafk…&timeout=10s}. */
    public String apiPath() {
        return apiPath;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** HTTP status of the node's answer, 0 when there was none. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The node's own error message ({@code Message} of its JSON error), if it gave one. */
    public Optional<String> nodeMessage() {
        return Optional.ofNullable(nodeMessage);
    }
}
