package dev.defl.engine.ledger;

/**
 * One client's model update as stored by the round contract.
 *
 * @param client client address, lower-case 0x-hex
 * @param cid binary CID of the update (CIDv1 bytes: version, codec, multihash)
 * @param numSamples training samples the update was computed on (FedAvg weight)
 */
public record UpdateEntry(String client, byte[] cid, long numSamples) {
}
