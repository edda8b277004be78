/**
 * The encryption envelope (format: {@code docs/envelope.md}): content sealed for a set of Ethereum accounts with
 * AES-256-GCM under a fresh data key, wrapped for each account by ECIES on secp256k1 (ECDH, HKDF-SHA256, AES-GCM);
 * {@link dev.defl.engine.envelope.Envelope} seals, opens and lists recipients, and
 * {@link dev.defl.engine.envelope.KeyStatement} is an account's signed statement of the public key to seal for.
 * Pure cryptography over the JDK, Bouncy Castle and web3j's crypto classes; no other engine package
 * ({@code EngineArchitectureTest}).
 */
package dev.defl.engine.envelope;
