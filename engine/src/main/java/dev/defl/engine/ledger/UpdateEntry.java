package dev.defl.engine.ledger;

import dev.defl.engine.content.Cid;
import java.util.Objects;

/**
 * One client's model update as stored by the round contract.
 *
 * @param client client address, lower-case 0x-hex
 * @param cid CID of the update (stored on chain as binary CID bytes)
 * @param numSamples training samples the update was computed on (FedAvg weight)
 */
public record UpdateEntry(String client, Cid cid, long numSamples) {
    public UpdateEntry {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(cid, "cid");
    }
}
