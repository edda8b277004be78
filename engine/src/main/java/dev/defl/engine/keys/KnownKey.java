package dev.defl.engine.keys;

import dev.defl.engine.envelope.KeyStatement;
import dev.defl.engine.envelope.Recipient;

import java.time.Instant;
import java.util.Objects;

/**
 * One public key this peer knows, from a verified key statement.
 *
 * @param statement the account's signed statement of its key (verified when recorded and when read back)
 * @param origin    how it came: {@link Origin#OWN} (an account of this peer's keystore) or {@link Origin#IMPORTED}
 * @param added     when it was first recorded
 */
public record KnownKey(KeyStatement statement, Origin origin, Instant added) {
    public KnownKey {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(added, "added");
    }

    /** How a key came to be known. */
    public enum Origin {
        /** An account of this peer's own keystore; recorded when it was created, imported or first unlocked. */
        OWN,
        /** A peer's statement, imported with {@code defl keys import}. */
        IMPORTED;

        /** The lower-case name used in the file and the listing. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The account, {@code 0x} and 40 lower-case hex digits. */
    public String address() {
        return statement.address();
    }

    /** The key to seal for (the statement's key; {@link Recipient} re-checks that it derives the address). */
    public Recipient recipient() {
        return new Recipient(statement.address(), statement.publicKey());
    }
}
