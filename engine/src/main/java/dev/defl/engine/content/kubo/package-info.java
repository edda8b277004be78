/**
 * A real IPFS node over the <a href="https://docs.ipfs.tech/reference/kubo/rpc/">Kubo RPC API</a>:
 * {@link dev.defl.engine.content.kubo.KuboRpcClient} (add with streaming upload, block get/put/stat,
 * pins, id, swarm, repo stat, pubsub, shutdown) on {@code java.net.http}, and
 * {@link dev.defl.engine.content.kubo.KuboBlockStore}, the node's blocks as a
 * {@link dev.defl.engine.content.BlockStore}. Every block read from a node is hashed and checked against
 * its CID on our side. Tested against js-ipfs (npm {@code ipfs} 0.66.1), which speaks the same API.
 */
package dev.defl.engine.content.kubo;
