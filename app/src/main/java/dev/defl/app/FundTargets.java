package dev.defl.app;

import dev.defl.engine.ledger.AccountStore;
import dev.defl.engine.ledger.StoredAccount;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The accounts {@code chain serve --fund} names: an 0x-address, a keystore v3 file (its {@code address} field, read
 * without the password; Web3 Secret Storage Definition), or a data directory (every account of {@code DIR/keystore}).
 */
final class FundTargets {
    private FundTargets() {
    }

    /**
     * The addresses, in order, without duplicates.
     *
     * @throws IllegalArgumentException naming an entry that is none of the three
     */
    static List<String> addresses(List<String> entries) {
        Set<String> out = new LinkedHashSet<>();
        for (String entry : entries) {
            String e = entry.strip();
            if (e.matches("0x[0-9a-fA-F]{40}")) {
                out.add(e);
                continue;
            }
            Path path = Path.of(e);
            if (Files.isDirectory(path)) {
                if (!Files.isDirectory(path.resolve("keystore"))) {
                    throw new IllegalArgumentException("--fund " + e + ": a directory without a keystore/ (not a data directory)");
                }
                for (StoredAccount a : AccountStore.open(path).list()) out.add(a.address());
            } else if (Files.isRegularFile(path)) {
                out.add(keystoreAddress(path));
            } else {
                throw new IllegalArgumentException("--fund " + e + ": not an 0x-address, keystore file or data directory");
            }
        }
        return new ArrayList<>(out);
    }

    private static String keystoreAddress(Path file) {
        try {
            JsonNode address = new ObjectMapper().readTree(file.toFile()).path("address");
            String hex = address.asText("");
            if (!hex.startsWith("0x")) hex = "0x" + hex;
            if (!hex.matches("0x[0-9a-fA-F]{40}")) {
                throw new IllegalArgumentException("--fund " + file + ": a keystore file needs an \"address\" field of 40 hex digits");
            }
            return hex;
        } catch (IOException e) {
            throw new IllegalArgumentException("--fund " + file + ": not a keystore JSON file (" + e.getMessage() + ")", e);
        }
    }
}
