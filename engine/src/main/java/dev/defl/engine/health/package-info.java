/**
 * Whether a peer's dependencies answer: the chain's JSON-RPC endpoint and its IPFS endpoints, each probed
 * with one request and a timeout ({@link dev.defl.engine.health.ReadinessProbe}). The node's {@code /ready}
 * endpoint and the window's status bar show the same {@link dev.defl.engine.health.Readiness}.
 */
package dev.defl.engine.health;
