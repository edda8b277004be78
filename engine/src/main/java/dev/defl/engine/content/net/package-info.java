/**
 * Several endpoints as one block store: {@link dev.defl.engine.content.net.MultiEndpointBlockStore} fetches
 * each block from an ordered list of IPFS nodes ({@link dev.defl.engine.content.net.KuboBlockSource}) and
 * trustless gateways ({@link dev.defl.engine.content.net.GatewayBlockSource}) with failover, per-attempt
 * timeouts, retries with exponential back-off and full jitter ({@link dev.defl.engine.content.net.RetryPolicy}),
 * and per-endpoint health ({@link dev.defl.engine.content.net.EndpointHealth}) for the UI. Every block is
 * hash-checked against its CID; an endpoint that sends a wrong block is marked unhealthy and not retried.
 * {@link dev.defl.engine.content.net.ContentEndpoints} keeps a front end's endpoint list
 * ({@link dev.defl.engine.content.net.EndpointSettings}) and the lifecycle of the store over it.
 */
package dev.defl.engine.content.net;
