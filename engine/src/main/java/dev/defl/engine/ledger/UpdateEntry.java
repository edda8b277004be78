package dev.defl.engine.ledger;

import dev.defl.engine.content.Cid;
import java.util.Objects;

/**
 * One client's model update of a round, as listed by the task contract's {@code UpdateSubmitted} events.
 *
 * @param client     client address, lower-case 0x-hex
 * @param cid        CID of the update (CIDv1, rebuilt from the on-chain digest and codec)
 * @param numSamples training samples the update was computed on (FedAvg weight), >= 1
 */
public record UpdateEntry(String client, Cid cid, long numSamples) {
    public UpdateEntry {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(cid, "cid");
    }
}
