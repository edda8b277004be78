package dev.defl.engine.keys;

import dev.defl.engine.envelope.Recipient;

import java.util.Optional;

/**
 * Where the public key of an account comes from, to seal envelopes for it: key statements imported by the user
 * ({@link KnownKeys}), the user's own keystore accounts ({@link OwnAccountKeys}), and later others (e.g. the key
 * statements aggregators publish on chain). Every key a lookup returns has been verified to belong to its address
 * ({@link Recipient} checks that the key derives the address).
 */
@FunctionalInterface
public interface KeyLookup {
    /**
     * The verified public key of {@code address} ({@code 0x} and 40 hex digits, any case), if this source knows it.
     *
     * @throws java.io.UncheckedIOException when the source cannot be read
     */
    Optional<Recipient> recipient(String address);

    /**
     * The keys of {@code addresses}, in the order given.
     *
     * @throws UnknownKeyException naming the first address this lookup does not know
     */
    default java.util.List<Recipient> require(java.util.Collection<String> addresses) {
        java.util.List<Recipient> out = new java.util.ArrayList<>();
        for (String address : addresses) out.add(recipient(address).orElseThrow(() -> new UnknownKeyException(address)));
        return out;
    }

    /** This lookup, then {@code next} for the addresses it does not know. */
    default KeyLookup or(KeyLookup next) {
        return address -> {
            Optional<Recipient> found = recipient(address);
            return found.isPresent() ? found : next.recipient(address);
        };
    }

    /** A lookup that knows no key. */
    static KeyLookup none() {
        return address -> Optional.empty();
    }
}
