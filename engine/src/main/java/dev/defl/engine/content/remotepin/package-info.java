/**
 * A client of the <a href="https://ipfs.github.io/pinning-services-api-spec/">IPFS Pinning Service API</a>
 * (v1.0.0; the OpenAPI spec Pinata, Filebase, web3.storage and kubo's {@code ipfs pin remote} implement):
 * {@link dev.defl.engine.content.remotepin.RemotePinningClient} adds, lists, replaces and removes remote pins
 * and polls a pin request until it settles. The values are records mirroring the spec's schemas
 * ({@link dev.defl.engine.content.remotepin.Pin}, {@link dev.defl.engine.content.remotepin.PinStatus},
 * {@link dev.defl.engine.content.remotepin.PinResults}, {@link dev.defl.engine.content.remotepin.PinQuery}).
 * The access token is a secret: it is sent only in the {@code Authorization} header and never appears in a
 * log line, an exception message or a {@code toString()}.
 */
package dev.defl.engine.content.remotepin;
