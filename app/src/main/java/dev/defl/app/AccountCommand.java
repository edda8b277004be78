package dev.defl.app;

import dev.defl.engine.ledger.AccountStore;
import dev.defl.engine.ledger.ScryptCost;
import dev.defl.engine.ledger.StoredAccount;
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
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code defl account new|import|list|export}: the peer's Ethereum accounts, keystore v3 files in
 * {@code <data-dir>/keystore} (see {@link AccountStore}). Output lines are {@code <address> <created> <file>}.
 * Keys are never printed; passwords never come from a command-line value.
 */
@Command(name = "account", mixinStandardHelpOptions = true,
        description = {"Ethereum accounts: keystore v3 files (scrypt) in <data-dir>/keystore, readable by geth and cast.",
                "Passwords: asked on the console, or --password-file FILE, or --password-env VAR; never an argument."},
        subcommands = {AccountCommand.New.class, AccountCommand.Import.class, AccountCommand.List.class,
                AccountCommand.Export.class, AccountCommand.Fund.class})
final class AccountCommand {

    /** {@code <address> <created> <file>}. */
    static String line(StoredAccount account) {
        return account.address() + " " + account.created() + " " + account.file();
    }

    /**
     * Records the public key of a just created or imported account (unlocked in {@code accounts}) in the data
     * directory's known keys, so that encrypting for yourself needs no password later.
     */
    static void recordOwnKey(AccountStore accounts, StoredAccount account) {
        accounts.unlocked(account.address()).ifPresent(credentials -> dev.defl.engine.keys.OwnAccountKeys.record(
                dev.defl.engine.keys.KnownKeys.open(accounts.directory().getParent()), credentials));
    }

    /** The {@code --data-dir} and {@code --light-kdf} options and the store they name. */
    static final class StoreOption {
        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory; keys are in DIR/keystore.")
        Path dataDir;

        @Option(names = "--light-kdf", description = "Encrypt new keys with geth's light scrypt parameters "
                + "(n=4096, p=6: fast, weaker) instead of the standard ones (n=262144, p=1).")
        boolean light;

        AccountStore open() {
            Path dir = dataDir;
            if (dir == null && mixee.root().userObject() instanceof DeflCommand root) dir = root.window.dataDir;
            if (dir == null) dir = DataDirectory.defaultPath();
            return AccountStore.open(dir, light ? ScryptCost.LIGHT : ScryptCost.STANDARD);
        }
    }

    /** {@code defl account new}. */
    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Create an account with a random key; prints <address> <created> <file>.")
    static final class New implements Callable<Integer> {
        @Mixin
        StoreOption store;

        @Mixin
        PasswordOption password;

        @Override
        public Integer call() {
            char[] secret = password.fresh("the new account");
            try {
                AccountStore accounts = store.open();
                StoredAccount account = accounts.create(secret);
                recordOwnKey(accounts, account);
                System.out.println(line(account));
            } finally {
                Arrays.fill(secret, '\0');
            }
            return 0;
        }
    }

    /** {@code defl account import FILE}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import FILE: a keystore v3 JSON file (the password must decrypt it; the file is copied "
                    + "as it is) or a file holding a hex private key (encrypted with the password given).",
                    "Prints <address> <created> <file>."})
    static final class Import implements Callable<Integer> {
        @Mixin
        StoreOption store;

        @Mixin
        PasswordOption password;

        @Parameters(index = "0", paramLabel = "FILE", description = "Keystore v3 JSON file, or a file with a hex private key.")
        Path file;

        @Override
        public Integer call() {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("no such file: " + file, e);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
            }
            boolean keystore = text.stripLeading().startsWith("{");
            char[] secret = keystore ? password.existing(file.toString()) : password.fresh("the imported key");
            try {
                AccountStore accounts = store.open();
                StoredAccount account;
                if (keystore) {
                    account = accounts.importKeystore(file, secret);
                } else {
                    try {
                        account = accounts.importPrivateKey(text, secret);
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                    }
                }
                recordOwnKey(accounts, account);
                System.out.println(line(account));
            } finally {
                Arrays.fill(secret, '\0');
            }
            return 0;
        }
    }

    /** {@code defl account list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the accounts, oldest first: <address> <created> <file>. Needs no password.")
    static final class List implements Callable<Integer> {
        @Mixin
        StoreOption store;

        @Override
        public Integer call() {
            store.open().list().forEach(a -> System.out.println(line(a)));
            return 0;
        }
    }

    /** {@code defl account export ADDRESS TARGET}. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Copy an account's keystore file (still encrypted) to TARGET, a file or a directory; "
                    + "never overwrites. Prints the file written.")
    static final class Export implements Callable<Integer> {
        @Mixin
        StoreOption store;

        @Parameters(index = "0", paramLabel = "ADDRESS", description = "0x-address of the account.")
        String address;

        @Parameters(index = "1", paramLabel = "TARGET", description = "File or existing directory to write to.")
        Path target;

        @Override
        public Integer call() {
            System.out.println(store.open().export(address, target));
            return 0;
        }
    }

    /** {@code defl account fund ADDRESS --chain URL [--amount ETH]}: dev chains only. */
    @Command(name = "fund", mixinStandardHelpOptions = true,
            description = {"Top up ADDRESS to --amount ether on a development chain (anvil or Hardhat: the balance is "
                    + "set, no ether moves); a richer account is left as it is. Prints <address> <balance>.",
                    "Refused on any other chain: there, send ether from a funded account."})
    static final class Fund implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ADDRESS", description = "0x-address of the account (see `account list`).")
        String address;

        @Option(names = {"--chain", "--rpc-url"}, paramLabel = "URL", required = true,
                description = "The dev chain's JSON-RPC endpoint (--chain and --rpc-url are the same option).")
        String chainUrl;

        @Option(names = "--chain-id", paramLabel = "ID", defaultValue = "0",
                description = "The chain id the endpoint must report (eth_chainId); 0 accepts any.")
        long chainId;

        @Option(names = "--amount", paramLabel = "ETH", defaultValue = "100",
                description = "Balance to top up to, in ether (default: ${DEFAULT-VALUE}).")
        java.math.BigDecimal amount;

        @Override
        public Integer call() {
            if (!address.matches("0x[0-9a-fA-F]{40}")) {
                throw new IllegalArgumentException("ADDRESS: not an Ethereum address (0x + 40 hex digits): " + address);
            }
            java.math.BigInteger wei;
            try {
                wei = amount.movePointRight(18).toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("--amount " + amount + ": more than 18 decimals", e);
            }
            if (wei.signum() <= 0) throw new IllegalArgumentException("--amount must be positive, not " + amount);
            try (var chain = dev.defl.engine.ledger.ChainConnection.connect(
                    dev.defl.engine.ledger.ChainSettings.of(chainUrl).withExpectedChainId(chainId))) {
                java.math.BigInteger balance = dev.defl.engine.ledger.DevChainFunding.topUp(chain, address, wei);
                System.out.println(address + " " + ChainCommand.ether(balance));
            }
            return 0;
        }
    }
}
