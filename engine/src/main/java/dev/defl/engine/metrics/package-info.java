/**
 * A task node's Micrometer meters ({@link dev.defl.engine.metrics.NodeMetrics}), fed by the node's, its contract's and
 * its content store's listeners. The registry is the caller's: {@code defl node --metrics} exposes a Prometheus one.
 */
package dev.defl.engine.metrics;
