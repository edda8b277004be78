package dev.defl.engine.content.kubo;

import java.util.List;

/**
 * A node's identity as {@code /api/v0/id} gives it.
 *
 * @param peerId          the libp2p peer id (base58btc multihash of the public key, {@code 12D3Koo…} or {@code Qm…})
 * @param agentVersion    e.g. {@code kubo/0.29.0/} or {@code js-ipfs/0.18.1} (npm ipfs 0.66.1)
 * @param protocolVersion e.g. {@code ipfs/0.1.0}
 * @param addresses       listening multiaddrs (may be empty; see also {@link KuboRpcClient#swarmAddrsLocal()})
 */
public record NodeId(String peerId, String agentVersion, String protocolVersion, List<String> addresses) {
    public NodeId {
        addresses = List.copyOf(addresses);
    }
}
