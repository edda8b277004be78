package dev.defl.engine.ledger;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One client's model update as stored by the round contract. Immutable: the CID bytes are copied
 * in and out; equality compares the CID bytes.
 *
 * @param client client address, lower-case 0x-hex
 * @param cid binary CID of the update (CIDv1 bytes: version, codec, multihash)
 * @param numSamples training samples the update was computed on (FedAvg weight)
 */
public record UpdateEntry(String client, byte[] cid, long numSamples) {
    public UpdateEntry {
        Objects.requireNonNull(client, "client");
        cid = cid.clone();
    }

    @Override
    public byte[] cid() {
        return cid.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpdateEntry u && client.equals(u.client) && Arrays.equals(cid, u.cid)
                && numSamples == u.numSamples;
    }

    @Override
    public int hashCode() {
        return Objects.hash(client, Arrays.hashCode(cid), numSamples);
    }

    @Override
    public String toString() {
        return "UpdateEntry[client=" + client + ", cid=0x" + HexFormat.of().formatHex(cid) + ", numSamples=" + numSamples + "]";
    }
}
