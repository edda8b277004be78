/**
 * A client of an IPFS <a href="https://specs.ipfs.tech/http-gateways/trustless-gateway/">trustless
 * gateway</a>: {@link dev.defl.engine.content.gateway.TrustlessGatewayClient} fetches single blocks
 * ({@code application/vnd.ipld.raw}) and whole DAGs as CARs ({@code application/vnd.ipld.car}) over plain
 * HTTP and hash-checks every block against its CID, so the gateway need not be trusted.
 */
package dev.defl.engine.content.gateway;
