package dev.defl.app;

import dev.defl.engine.envelope.KeyStatement;
import dev.defl.engine.envelope.KeyStatementException;
import dev.defl.engine.io.AtomicFiles;
import dev.defl.engine.keys.KeyStatementText;
import dev.defl.engine.keys.KnownKey;
import dev.defl.engine.keys.KnownKeys;
import dev.defl.engine.keys.OwnAccountKeys;
import dev.defl.engine.ledger.AccountStore;
import dev.defl.engine.ledger.StoredAccount;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code defl keys export|import|ls}: the public keys content is encrypted for ({@code --encrypt-for}). A key travels as
 * a key statement, one line of text ({@link KeyStatementText}) signed by its account, so that whoever imports it can
 * check that the key is the address's; imported keys are kept in {@code DATA_DIR/known-keys.json} ({@link KnownKeys}).
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Public keys for encrypted content: export yours as a signed key statement, import peers' "
                + "statements (each signature is verified), list what is known (DATA_DIR/known-keys.json)."},
        subcommands = {KeysCommand.Export.class, KeysCommand.Import.class, KeysCommand.Ls.class})
final class KeysCommand {

    /** The {@code --data-dir} option of the keys commands. */
    static final class DataDirOption {
        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (keystore and known-keys.json).")
        Path dataDir;

        Path dir() {
            Path dir = dataDir;
            if (dir == null && root() != null) dir = root().window.dataDir;
            return dir != null ? dir : DataDirectory.defaultPath();
        }

        DeflCommand root() {
            return mixee.root().userObject() instanceof DeflCommand root ? root : null;
        }
    }

    /** {@code defl keys export [--account A] [-o FILE]}. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Print your key statement (one line: your account's public key, signed by the account) for "
                    + "peers to import with `defl keys import`; needs the account's password once.",
                    "It holds no secret: send it by any channel, but let the peer check the address with you."})
    static final class Export implements Callable<Integer> {
        @Mixin
        DataDirOption data;

        @Mixin
        AccountOption account;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the statement to FILE instead of stdout.")
        Path output;

        @Override
        public Integer call() throws IOException {
            Path dir = data.dir();
            AccountStore accounts = account.accounts(dir);
            String address = chosen(accounts, account.account);
            Credentials credentials = accounts.unlock(address, account.prompt(data.root()));
            KeyStatement statement = KeyStatement.sign(credentials);
            OwnAccountKeys.record(KnownKeys.open(dir), credentials);
            String line = KeyStatementText.format(statement);
            if (output == null) {
                System.out.println(line);
            } else {
                AtomicFiles.write(output.toAbsolutePath(), (line + "\n").getBytes(StandardCharsets.UTF_8));
                System.err.println("key statement of " + address + " written to " + output);
            }
            return 0;
        }

        /** {@code --account}, else the keystore's only account. */
        private static String chosen(AccountStore accounts, String given) {
            if (given != null) return accounts.find(given).address();
            List<StoredAccount> mine = accounts.list();
            if (mine.isEmpty()) {
                throw new IllegalArgumentException("no account in " + accounts.directory() + ": create one with `defl account new`");
            }
            if (mine.size() > 1) {
                throw new IllegalArgumentException("the keystore " + accounts.directory() + " holds " + mine.size()
                        + " accounts; choose one with --account: " + String.join(", ", mine.stream().map(StoredAccount::address).toList()));
            }
            return mine.getFirst().address();
        }
    }

    /** {@code defl keys import STATEMENT|FILE}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Verify and record a peer's key statement (as `defl keys export` prints it), given as the "
                    + "argument or in FILE (one statement per line; blank lines and lines starting with # skipped).",
                    "A statement whose signature is not its account's is refused, naming why; nothing is recorded then."})
    static final class Import implements Callable<Integer> {
        @Mixin
        DataDirOption data;

        @Parameters(index = "0", paramLabel = "STATEMENT|FILE", description = "A defl-key-v1:… line, or a file of them.")
        String source;

        @Override
        public Integer call() throws IOException {
            List<KeyStatement> statements = new ArrayList<>();
            if (KeyStatementText.looksLikeStatement(source)) {
                statements.add(KeyStatementText.parse(source, "key statement"));
            } else {
                Path file = Path.of(source);
                List<String> lines;
                try {
                    lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    throw new IllegalArgumentException(source + ": neither a key statement (" + KeyStatementText.PREFIX
                            + "…) nor an existing file", e);
                }
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.isEmpty() || line.startsWith("#")) continue;
                    statements.add(KeyStatementText.parse(line, file + " line " + (i + 1)));
                }
                if (statements.isEmpty()) throw new IllegalArgumentException(file + ": no key statement in it");
            }
            for (KeyStatement s : statements) {
                try {
                    s.verify(); // all verify before any is recorded
                } catch (KeyStatementException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            KnownKeys known = KnownKeys.open(data.dir());
            for (KeyStatement s : statements) {
                KnownKeys.Added added;
                try {
                    added = known.add(s, KnownKey.Origin.IMPORTED);
                } catch (KeyStatementException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
                System.out.println((added.isNew() ? "imported " : "already known ") + Keys.toChecksumAddress(s.address())
                        + (added.isNew() ? " (signature verified)" : ""));
            }
            return 0;
        }
    }

    /** {@code defl keys ls}. */
    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List the accounts whose public key is known: <address> <own|imported> <added>. Your keystore's "
                    + "accounts are always known; one whose key was never read shows 'own (read at first use)'.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        DataDirOption data;

        @Override
        public Integer call() {
            Path dir = data.dir();
            List<KnownKey> known = KnownKeys.open(dir).list();
            Set<String> recorded = new TreeSet<>();
            for (KnownKey k : known) {
                recorded.add(k.address());
                System.out.println(Keys.toChecksumAddress(k.address()) + " " + k.origin().label() + " " + k.added());
            }
            if (java.nio.file.Files.isDirectory(dir.resolve(AccountStore.DIRECTORY))) {
                for (StoredAccount a : AccountStore.open(dir).list()) {
                    if (!recorded.contains(a.address().toLowerCase(Locale.ROOT))) {
                        System.out.println(a.address() + " own (read at first use)");
                    }
                }
            }
            return 0;
        }
    }
}
