package dev.defl.engine.ledger;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One account in an {@link AccountStore}: read from the keystore file's plain fields, no decryption.
 *
 * @param address EIP-55 checksummed 0x-address
 * @param file    the keystore v3 file holding its encrypted key
 * @param created when the file was written: the time in its geth-style name
 *                ({@code UTC--<time>--<address>}), else the file's last-modified time
 */
public record StoredAccount(String address, Path file, Instant created) {
    public StoredAccount {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(created, "created");
    }
}
