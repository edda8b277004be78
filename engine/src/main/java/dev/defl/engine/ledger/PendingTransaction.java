package dev.defl.engine.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed transaction that was (or is about to be) sent and whose receipt has not been seen yet, as
 * kept in the {@link PendingJournal}. The signed bytes hold no key: re-sending them re-sends the very
 * same transaction (same hash, same nonce).
 *
 * @param hash      transaction hash, 0x + 64 hex digits (keccak-256 of the signed bytes)
 * @param from      sender address, lower-case 0x-hex
 * @param nonce     the sender's nonce the transaction uses
 * @param signedRaw the signed transaction, 0x-hex (EIP-2718 envelope)
 * @param signedAt  when it was signed
 */
public record PendingTransaction(String hash, String from, long nonce, String signedRaw, Instant signedAt) {
    public PendingTransaction {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(signedRaw, "signedRaw");
        Objects.requireNonNull(signedAt, "signedAt");
        if (nonce < 0) {
            throw new IllegalArgumentException("nonce must be >= 0, got " + nonce);
        }
    }

    @Override
    public String toString() {
        return "PendingTransaction[" + hash + " from " + from + " nonce " + nonce + "]";
    }
}
