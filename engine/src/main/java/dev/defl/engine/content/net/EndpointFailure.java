package dev.defl.engine.content.net;

import java.net.URI;
import java.util.Objects;

/**
 * Why one endpoint did not deliver a block.
 *
 * @param url       the endpoint's base URL
 * @param kind      how it is spoken to
 * @param lastError the message of its last failure for the block ("not found …", an error, a verification
 *                  failure, or that it stayed in back-off)
 */
public record EndpointFailure(URI url, EndpointKind kind, String lastError) {
    public EndpointFailure {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(lastError, "lastError");
    }

    @Override
    public String toString() {
        return url + " (" + kind + "): " + lastError;
    }
}
