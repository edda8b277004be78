package dev.defl.app;

import dev.defl.engine.keys.AccountOpener;
import dev.defl.engine.keys.EnvelopeOpener;
import dev.defl.engine.ledger.AccountStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --account ADDRESS} and its password ({@link PasswordOption}: {@code --password-file}, {@code --password-env},
 * else the console): which of the user's keystore accounts ({@code DATA_DIR/keystore}) opens encrypted content, or
 * is the user's own recipient when content is encrypted. The keystore is opened only when an envelope is met (or
 * content is encrypted), so reading plain content never asks for anything.
 */
final class AccountOption {

    @Option(names = "--account", paramLabel = "ADDRESS",
            description = "Your account (in DATA_DIR/keystore) for encrypted content: the one to decrypt with (default: "
                    + "each of your accounts that is a recipient), or the one to add as a recipient with --encrypt-for "
                    + "(default: your only account).")
    String account;

    @Mixin
    PasswordOption password;

    private AccountStore store;
    private Path storeDir;

    /** The keystore of {@code dataDir}, opened once (keys unlocked in this command stay unlocked). */
    AccountStore accounts(Path dataDir) {
        if (store == null || !dataDir.equals(storeDir)) {
            store = AccountStore.open(dataDir);
            storeDir = dataDir;
        }
        return store;
    }

    /** Asks for an account's password through {@link PasswordOption}. */
    AccountStore.PasswordPrompt prompt(DeflCommand root) {
        return address -> password.existing("account " + address, root);
    }

    /**
     * Opens envelopes with the keystore of {@code dataDir}: {@code --account}, else every recipient account
     * ({@link AccountOpener}); the keystore is opened at the first envelope.
     */
    EnvelopeOpener opener(Path dataDir, DeflCommand root) {
        AccountOpener[] opener = {null};
        return (cid, envelope) -> {
            if (opener[0] == null) opener[0] = new AccountOpener(accounts(dataDir), account, prompt(root));
            return opener[0].open(cid, envelope);
        };
    }
}
