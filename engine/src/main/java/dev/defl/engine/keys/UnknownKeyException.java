package dev.defl.engine.keys;

/**
 * No {@link KeyLookup} knows the public key of an address content was to be sealed for. The message names the
 * address and how to get its key: its owner prints a key statement with {@code defl keys export}, the user imports
 * it with {@code defl keys import}.
 */
public final class UnknownKeyException extends IllegalArgumentException {
    private final String address;

    public UnknownKeyException(String address) {
        super("no public key known for " + address + ": ask its owner for their key statement (`defl keys export`) "
                + "and import it with `defl keys import STATEMENT|FILE`");
        this.address = address;
    }

    /** The address whose key is unknown, as given. */
    public String address() {
        return address;
    }
}
