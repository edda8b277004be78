package dev.defl.app;

import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.envelope.Recipient;
import dev.defl.engine.keys.KeyLookup;
import dev.defl.engine.keys.KnownKeys;
import dev.defl.engine.keys.OwnAccountKeys;
import dev.defl.engine.ledger.AccountStore;
import dev.defl.engine.ledger.StoredAccount;
import org.web3j.crypto.Keys;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code --encrypt-for ADDRESS[,ADDRESS…]} and {@code --no-self}: seal what a command adds for chosen accounts
 * (the envelope of {@code docs/envelope.md}). The user's own account is added as a recipient unless {@code --no-self}
 * (or one of the addresses is already theirs), so that they can read their own content: {@code --account}, else
 * their only keystore account. Public keys come from {@link KnownKeys} ({@code defl keys import}) and, for the
 * user's own accounts, from the keystore ({@link OwnAccountKeys}).
 */
final class EncryptOption {

    @Option(names = "--encrypt-for", paramLabel = "ADDRESS", split = ",",
            description = "Encrypt for these accounts (0x addresses, comma-separated) and for your own account; their "
                    + "public keys must be known (`defl keys import`). The printed CID is the envelope's.")
    List<String> encryptFor;

    @Option(names = "--no-self", description = "With --encrypt-for: do not add your own account as a recipient "
            + "(then you cannot read the content yourself).")
    boolean noSelf;

    @Mixin
    AccountOption account;

    /** Whether {@code --encrypt-for} was given. */
    boolean given() {
        return encryptFor != null && !encryptFor.isEmpty();
    }

    /**
     * Whom to seal for, and the line that says so.
     *
     * @param recipients the keys, in the order they were named (yours last when added)
     * @param line       {@code "encrypted for 0xAb…, 0xCd… (you)"}
     */
    record Plan(List<Recipient> recipients, String line) {
    }

    /**
     * Resolves the recipients' keys (asking for your account's password the first time its key is needed).
     *
     * @throws IllegalArgumentException naming a malformed address, --no-self without anyone else, no own account to
     *                                  add (or several to choose from), or an address whose key is unknown
     */
    Plan plan(Path dataDir, DeflCommand root) {
        if (noSelf && !given()) throw new IllegalArgumentException("--no-self needs --encrypt-for");
        Set<String> addresses = new LinkedHashSet<>();
        for (String a : encryptFor) {
            String text = a.strip();
            if (!text.matches("0x[0-9a-fA-F]{40}")) {
                throw new IllegalArgumentException("--encrypt-for: not an Ethereum address (0x + 40 hex digits): " + text);
            }
            addresses.add(text.toLowerCase(Locale.ROOT));
        }
        AccountStore accounts = account.accounts(dataDir);
        String self = noSelf ? null : self(accounts, addresses);
        if (self != null) addresses.add(self);
        if (addresses.size() > Envelope.MAX_RECIPIENTS) {
            throw new IllegalArgumentException("--encrypt-for: at most " + Envelope.MAX_RECIPIENTS + " recipients, not " + addresses.size());
        }
        KnownKeys known = KnownKeys.open(dataDir);
        KeyLookup keys = known.or(new OwnAccountKeys(accounts, known, account.prompt(root)));
        List<Recipient> recipients = keys.require(new ArrayList<>(addresses));
        List<String> shown = recipients.stream()
                .map(r -> Keys.toChecksumAddress(r.address()) + (r.address().equals(self) ? " (you)" : "")).toList();
        return new Plan(recipients, "encrypted for " + String.join(", ", shown));
    }

    /** Your account to add ({@code 0x…} lower case), or null when one of {@code addresses} is already yours. */
    private String self(AccountStore accounts, Set<String> addresses) {
        if (account.account != null) return accounts.find(account.account).address().toLowerCase(Locale.ROOT);
        List<String> mine = accounts.list().stream().map(StoredAccount::address).map(a -> a.toLowerCase(Locale.ROOT)).toList();
        if (mine.stream().anyMatch(addresses::contains)) return null;
        if (mine.size() == 1) return mine.getFirst();
        if (mine.isEmpty()) {
            throw new IllegalArgumentException("you have no account in " + accounts.directory() + " to encrypt for yourself: "
                    + "create one with `defl account new`, or pass --no-self (then only the recipients can read it)");
        }
        throw new IllegalArgumentException("your keystore " + accounts.directory() + " holds " + mine.size()
                + " accounts: name the one to encrypt for yourself with --account ADDRESS, or pass --no-self");
    }
}
