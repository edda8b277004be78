package dev.defl.engine.content.net;

/** How an endpoint is spoken to. */
public enum EndpointKind {
    /** An IPFS node's <a href="https://docs.ipfs.tech/reference/kubo/rpc/">Kubo RPC API</a> (kubo, js-ipfs). */
    KUBO_RPC,
    /** An HTTP <a href="https://specs.ipfs.tech/http-gateways/trustless-gateway/">trustless gateway</a>. */
    TRUSTLESS_GATEWAY
}
