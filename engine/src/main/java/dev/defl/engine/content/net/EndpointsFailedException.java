package dev.defl.engine.content.net;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentException;
import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/**
 * No endpoint of a {@link MultiEndpointBlockStore} delivered (or stored) a block, and not every one of
 * them answered "not found": the message names the CID and each endpoint's last error, in endpoint order.
 * The last exception of each endpoint is attached as suppressed.
 */
public class EndpointsFailedException extends ContentException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;
    private final transient List<EndpointFailure> failures;

    /**
     * @param action   what was attempted, e.g. "fetch" or "store"
     * @param cid      the block's CID
     * @param failures each endpoint's last error, in endpoint order
     */
    public EndpointsFailedException(String action, Cid cid, List<EndpointFailure> failures) {
        super("could not " + action + " block " + cid + " at any of " + failures.size() + " endpoints: "
                + failures.stream().map(EndpointFailure::toString).collect(Collectors.joining("; ")));
        this.cid = cid;
        this.failures = List.copyOf(failures);
    }

    /** The block's CID. */
    public Cid cid() {
        return cid;
    }

    /** Each endpoint's last error, in endpoint order. */
    public List<EndpointFailure> failures() {
        return failures;
    }
}
