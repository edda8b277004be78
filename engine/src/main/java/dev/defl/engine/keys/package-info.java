/**
 * Content shared with chosen accounts (encryption at rest): whose public keys this peer knows ({@link
 * dev.defl.engine.keys.KeyLookup}, {@link dev.defl.engine.keys.KnownKeys} in {@code DATA_DIR/known-keys.json}, the
 * keystore's own accounts through {@link dev.defl.engine.keys.OwnAccountKeys}), key statements as text ({@link
 * dev.defl.engine.keys.KeyStatementText}), sealing what is added to a content store ({@link
 * dev.defl.engine.keys.SealingContentStore}) and opening what is read from one with the keystore's accounts ({@link
 * dev.defl.engine.keys.AccountOpener}, {@link dev.defl.engine.keys.OpeningContentStore}, {@link
 * dev.defl.engine.keys.EnvelopeSink}), and the public header of stored content ({@link
 * dev.defl.engine.keys.EncryptedContent#header}). The envelope itself is {@code dev.defl.engine.envelope}
 * ({@code docs/envelope.md}). Uses {@code envelope}, {@code content}, {@code ledger} (the keystore) and {@code io}.
 */
package dev.defl.engine.keys;
