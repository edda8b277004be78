package dev.defl.app;

import dev.defl.engine.ledger.AccountStore;
import dev.defl.engine.service.PeerSession;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The key of a private task's committee member, for {@code defl verify}: {@code --account ADDRESS} (an account of
 * {@code DATA_DIR/keystore}, as {@code defl account} keeps them) or {@code --keystore FILE} (a keystore file, as
 * {@code defl node} takes), with its password from {@link PasswordOption} ({@code --password-file},
 * {@code --password-env}, else the console). The keystore is unlocked only when the task turns out to be private.
 */
final class CommitteeKeyOption {

    @ArgGroup(exclusive = true)
    Which which;

    static final class Which {
        @Option(names = "--account", paramLabel = "ADDRESS",
                description = "For a private task: the committee member (an aggregator) whose key opens the updates, "
                        + "an account in DATA_DIR/keystore; the rounds are then recomputed.")
        String account;

        @Option(names = "--keystore", paramLabel = "FILE",
                description = "For a private task: the keystore file (JSON) of a committee member (an aggregator), as "
                        + "`defl node` takes it; the rounds are then recomputed.")
        Path keystore;
    }

    @Mixin
    PasswordOption password;

    /** Whether {@code --account} or {@code --keystore} was given. */
    boolean given() {
        return which != null;
    }

    /**
     * The key, unlocked when first asked for (scrypt: about a second), or null when neither option was given.
     *
     * @param dataDir where {@code --account}'s keystore is ({@code DATA_DIR/keystore})
     * @return a supplier throwing {@link IllegalArgumentException} (naming the option and the file or account) when the
     *     keystore is missing, not a keystore, or the password is wrong
     */
    Supplier<ECKeyPair> key(Path dataDir, DeflCommand root) {
        if (which == null) return null;
        return () -> credentials(dataDir, root).getEcKeyPair();
    }

    private Credentials credentials(Path dataDir, DeflCommand root) {
        if (which.keystore != null) {
            if (!Files.isRegularFile(which.keystore)) {
                throw new IllegalArgumentException("--keystore " + which.keystore + ": no such file");
            }
            char[] secret = password.existing(which.keystore.toString(), root);
            try {
                return PeerSession.unlock(which.keystore, secret);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--" + e.getMessage(), e); // "--keystore FILE: …", the option's name
            } finally {
                Arrays.fill(secret, '\0');
            }
        }
        try {
            return AccountStore.open(dataDir).unlock(which.account,
                    address -> password.existing("account " + address, root));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--account " + which.account + ": " + CliErrors.oneLine(e), e);
        }
    }
}
