/**
 * Several endpoints as one block store: {@link dev.defl.engine.content.net.MultiEndpointBlockStore} fetches
 * each block from an ordered list of IPFS nodes ({@link dev.defl.engine.content.net.KuboBlockSource}) and
 * trustless gateways ({@link dev.defl.engine.content.net.GatewayBlockSource}) with failover, per-attempt
 * timeouts, retries with exponential back-off and full jitter ({@link dev.defl.engine.content.net.RetryPolicy}),
 * and per-endpoint health ({@link dev.defl.engine.content.net.EndpointHealth}) for the UI. Every block is
 * hash-checked against its CID; an endpoint that sends a wrong block is marked unhealthy and not retried.
 */
package dev.defl.engine.content.net;
