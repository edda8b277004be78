package dev.defl.engine.keys;

import dev.defl.engine.envelope.KeyStatement;
import dev.defl.engine.envelope.KeyStatementException;
import dev.defl.engine.envelope.Recipient;
import dev.defl.engine.ledger.AccountStore;
import dev.defl.engine.ledger.StoredAccount;
import org.web3j.crypto.Credentials;

import java.util.Objects;
import java.util.Optional;

/**
 * The public keys of the user's own accounts (the keystore of the data directory): always known. A keystore v3 file
 * holds the address but not the public key, so the first time an account's key is needed it is unlocked (asking
 * {@code prompt} for its password, unless already unlocked in this session) and its signed statement is recorded
 * in {@link KnownKeys} as {@link KnownKey.Origin#OWN}; afterwards no password is asked.
 */
public final class OwnAccountKeys implements KeyLookup {
    private final AccountStore accounts;
    private final KnownKeys known;
    private final AccountStore.PasswordPrompt prompt;

    /**
     * @param accounts the user's keystore
     * @param known    where the keys are recorded once read
     * @param prompt   asks for an account's password when its key is not recorded yet
     */
    public OwnAccountKeys(AccountStore accounts, KnownKeys known, AccountStore.PasswordPrompt prompt) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.known = Objects.requireNonNull(known, "known");
        this.prompt = Objects.requireNonNull(prompt, "prompt");
    }

    /**
     * The key of {@code address} when it is an account of the keystore; empty for any other address.
     *
     * @throws dev.defl.engine.ledger.KeystoreException WRONG_PASSWORD (naming the address) when its key had to be
     *                                                  unlocked and the password is wrong
     */
    @Override
    public Optional<Recipient> recipient(String address) {
        String wanted = KnownKeys.normalize(address);
        Optional<StoredAccount> account = accounts.list().stream()
                .filter(a -> KnownKeys.normalize(a.address()).equals(wanted)).findFirst();
        if (account.isEmpty()) return Optional.empty();
        Optional<Recipient> recorded = known.recipient(wanted);
        if (recorded.isPresent()) return recorded;
        return Optional.of(record(accounts.unlock(account.get().address(), prompt)).recipient());
    }

    /**
     * Records the key of an unlocked own account (e.g. just created or imported) in {@code known}.
     *
     * @return the recorded entry
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public static KnownKey record(KnownKeys known, Credentials credentials) {
        try {
            return known.add(KeyStatement.sign(credentials), KnownKey.Origin.OWN).key();
        } catch (KeyStatementException e) {
            throw new IllegalStateException("own key statement does not verify: " + e.getMessage(), e); // cannot happen
        }
    }

    private KnownKey record(Credentials credentials) {
        return record(known, credentials);
    }
}
