package dev.defl.engine.keys;

import dev.defl.engine.content.Cid;
import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.envelope.EnvelopeException;
import dev.defl.engine.envelope.EnvelopeHeader;
import dev.defl.engine.envelope.TamperedEnvelopeException;
import dev.defl.engine.ledger.AccountStore;
import dev.defl.engine.ledger.KeystoreException;
import dev.defl.engine.ledger.StoredAccount;
import org.web3j.crypto.Credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Opens envelopes with the user's keystore accounts: the account chosen, or else each account of the keystore that
 * is a recipient, in keystore order (one already unlocked in this session first), until one unlocks. A password is
 * asked through {@code prompt} only when an envelope is met and only for a recipient account, once per session.
 */
public final class AccountOpener implements EnvelopeOpener {
    private final AccountStore accounts;
    private final String chosen;
    private final AccountStore.PasswordPrompt prompt;

    /**
     * @param accounts the user's keystore
     * @param chosen   the account to open with ({@code 0x} address), or null to try every recipient account
     * @param prompt   asks for a recipient account's password
     */
    public AccountOpener(AccountStore accounts, String chosen, AccountStore.PasswordPrompt prompt) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.chosen = chosen == null ? null : KnownKeys.normalize(chosen);
        this.prompt = Objects.requireNonNull(prompt, "prompt");
    }

    /**
     * {@inheritDoc}
     *
     * @throws KeystoreException UNKNOWN_ACCOUNT when the chosen account is not in the keystore; WRONG_PASSWORD
     *                           (naming the address) when no recipient account unlocks
     */
    @Override
    public byte[] open(Cid cid, byte[] envelope) throws EncryptedContentException {
        EnvelopeHeader header;
        try {
            header = Envelope.header(envelope);
        } catch (EnvelopeException e) {
            throw new TamperedContentException(cid, List.of(), "it is not a well-formed envelope: " + e.getMessage(), e);
        }
        List<String> recipients = header.recipients();
        List<String> candidates = new ArrayList<>();
        if (chosen != null) {
            String account = accounts.find(chosen).address();
            if (!recipients.contains(chosen)) {
                throw new NotEncryptedForYouException(cid, recipients, "the account chosen, " + account + ", is not among them");
            }
            candidates.add(account);
        } else {
            List<StoredAccount> mine = accounts.list();
            for (StoredAccount a : mine) {
                if (recipients.contains(KnownKeys.normalize(a.address()))) candidates.add(a.address());
            }
            if (candidates.isEmpty()) {
                throw new NotEncryptedForYouException(cid, recipients, mine.isEmpty()
                        ? "you have no account (keystore " + accounts.directory() + " is empty)"
                        : "none of your accounts (" + String.join(", ", mine.stream().map(StoredAccount::address).toList())
                        + ") is among them");
            }
            candidates.sort((a, b) -> Boolean.compare(accounts.unlocked(b).isPresent(), accounts.unlocked(a).isPresent()));
        }
        KeystoreException lastWrongPassword = null;
        for (String account : candidates) {
            Credentials credentials;
            try {
                credentials = accounts.unlock(account, prompt);
            } catch (KeystoreException e) {
                if (e.reason() != KeystoreException.Reason.WRONG_PASSWORD) throw e;
                lastWrongPassword = e;
                continue;
            }
            try {
                return Envelope.open(envelope, credentials);
            } catch (TamperedEnvelopeException e) {
                throw new TamperedContentException(cid, recipients, e.getMessage() + " (opened with " + account + ")", e);
            } catch (EnvelopeException e) {
                throw new TamperedContentException(cid, recipients, e.getMessage(), e);
            }
        }
        throw Objects.requireNonNull(lastWrongPassword);
    }
}
