package dev.defl.engine.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;
import org.web3j.crypto.exception.CipherException;

/**
 * The Ethereum accounts of a peer: a directory of keystore v3 files (the Web3 Secret Storage
 * Definition, https://ethereum.org/en/developers/docs/data-structures-and-encoding/web3-secret-storage/),
 * encrypted with scrypt + AES-128-CTR by web3j's {@link Wallet}, named like geth's
 * ({@code UTC--<yyyy-MM-ddTHH-mm-ss.nnnnnnnnn>Z--<40 hex address>}), so geth, Foundry's {@code cast wallet}
 * and MetaMask can read them.
 *
 * <p>Files are written atomically (a temporary file in the same directory, then a rename) and, on
 * POSIX file systems, readable by the owner only ({@code rw-------}).
 *
 * <p>Unlocked keys are cached in memory for the lifetime of this object (a session), so a password
 * is asked once per account; nothing decrypted is ever written, logged or put in an exception
 * message or {@code toString}. Thread-safe.
 */
public final class AccountStore {
    /** Name of the keystore directory inside a data directory. */
    public static final String DIRECTORY = "keystore";

    private static final Logger LOG = LoggerFactory.getLogger(AccountStore.class);
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSSSSSSSS", Locale.ROOT);
    private static final Pattern GETH_NAME =
            Pattern.compile("UTC--(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2})(\\.\\d{1,9})?Z--([0-9a-fA-F]{40})(\\.json)?");
    private static final Pattern ADDRESS = Pattern.compile("(0x)?[0-9a-fA-F]{40}");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final String WRONG_PASSWORD_MESSAGE = "Invalid password provided";

    private final Path directory;
    private final ScryptCost cost;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();
    /** Lower-case address (no 0x) to unlocked credentials, in memory only. */
    private final Map<String, Credentials> unlocked = new ConcurrentHashMap<>();

    private AccountStore(Path directory, ScryptCost cost) {
        this.directory = directory;
        this.cost = cost;
        this.json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /**
     * The keystore {@code <dataDir>/keystore}, created if missing (owner-only on POSIX); new keys are
     * encrypted with {@link ScryptCost#STANDARD}.
     *
     * @throws UncheckedIOException when the directory cannot be created
     */
    public static AccountStore open(Path dataDir) {
        return open(dataDir, ScryptCost.STANDARD);
    }

    /**
     * The keystore {@code <dataDir>/keystore}, created if missing; new keys are encrypted with {@code cost}.
     *
     * @throws UncheckedIOException when the directory cannot be created
     */
    public static AccountStore open(Path dataDir, ScryptCost cost) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(cost, "cost");
        Path dir = dataDir.toAbsolutePath().normalize().resolve(DIRECTORY);
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                setPermissions(dir, OWNER_ONLY_DIR);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create keystore directory " + dir + ": " + e.getMessage(), e);
        }
        return new AccountStore(dir, cost);
    }

    /** The keystore directory. */
    public Path directory() {
        return directory;
    }

    /**
     * Creates an account with a fresh random secp256k1 key and writes its keystore file. The new
     * account is unlocked for this session.
     *
     * @param password encrypts the key; not retained (the caller may clear the array)
     * @return the new account
     * @throws UncheckedIOException when the file cannot be written
     */
    public StoredAccount create(char[] password) {
        Objects.requireNonNull(password, "password");
        ECKeyPair keyPair;
        try {
            keyPair = Keys.createEcKeyPair(random);
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException | NoSuchProviderException e) {
            throw new IllegalStateException("no secp256k1 key generator: " + e.getMessage(), e);
        }
        return store(keyPair, password, "created");
    }

    /**
     * Imports a raw private key and writes it encrypted. The account is unlocked for this session.
     *
     * @param hexKey   32 bytes as 64 hex digits, optionally {@code 0x}-prefixed, surrounding white space ignored;
     *                 never echoed in an error
     * @param password encrypts the key
     * @throws KeystoreException MALFORMED when {@code hexKey} is not a valid secp256k1 private key,
     *                           DUPLICATE when the store already holds its address
     */
    public StoredAccount importPrivateKey(String hexKey, char[] password) {
        Objects.requireNonNull(hexKey, "hexKey");
        Objects.requireNonNull(password, "password");
        return store(ECKeyPair.create(parsePrivateKey(hexKey)), password, "imported");
    }

    /**
     * Imports a keystore v3 file (from geth, {@code cast wallet}, MetaMask, another peer). The
     * password must decrypt it; the file is copied as it is (its own scrypt parameters kept) under a
     * geth-style name. The account is unlocked for this session.
     *
     * @throws KeystoreException MALFORMED (naming {@code file}) when it is not a keystore v3 file or
     *                           its key does not match its address, WRONG_PASSWORD (naming the address),
     *                           DUPLICATE when the store already holds the address
     * @throws UncheckedIOException when {@code file} cannot be read or the copy cannot be written
     */
    public StoredAccount importKeystore(Path file, char[] password) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        byte[] bytes = readFile(file);
        WalletFile wallet = parseWallet(file, bytes);
        Credentials credentials = decrypt(file, wallet, password);
        synchronized (this) {
            String address = credentials.getAddress();
            refuseDuplicate(address);
            Path target = directory.resolve(fileName(Instant.now(), address));
            writeAtomically(target, bytes);
            unlocked.put(key(address), credentials);
            LOG.info("imported keystore file of account {} into {}", checksum(address), target);
            return new StoredAccount(checksum(address), target, createdOf(target));
        }
    }

    /**
     * Copies an account's keystore file (still encrypted) to {@code target}; when {@code target} is
     * an existing directory, into it under the same file name. Owner-only permissions on POSIX.
     *
     * @return the file written
     * @throws KeystoreException UNKNOWN_ACCOUNT, MALFORMED for a malformed keystore file, TARGET_EXISTS
     *                           when the target file exists (it is never overwritten)
     */
    public Path export(String address, Path target) {
        Objects.requireNonNull(target, "target");
        StoredAccount account = find(address);
        Path out = Files.isDirectory(target) ? target.resolve(account.file().getFileName()) : target;
        if (Files.exists(out)) {
            throw new KeystoreException(KeystoreException.Reason.TARGET_EXISTS, out,
                    "will not overwrite " + out + " (exporting account " + account.address() + ")");
        }
        writeAtomically(out, readFile(account.file()));
        return out;
    }

    /**
     * The accounts, oldest first; reads only the files' plain fields (no password needed). Files
     * whose name starts with a dot (temporary files) are skipped.
     *
     * @throws KeystoreException MALFORMED naming the first file that is not a keystore v3 file
     * @throws UncheckedIOException when the directory cannot be read
     */
    public List<StoredAccount> list() {
        List<StoredAccount> accounts = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                if (file.getFileName().toString().startsWith(".") || !Files.isRegularFile(file)) {
                    continue;
                }
                String address = plainAddress(file, readFile(file));
                accounts.add(new StoredAccount(checksum(address), file, createdOf(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list keystore " + directory + ": " + e.getMessage(), e);
        }
        accounts.sort(Comparator.comparing(StoredAccount::created).thenComparing(StoredAccount::address));
        return List.copyOf(accounts);
    }

    /**
     * The stored account with {@code address} (any case, with or without 0x).
     *
     * @throws KeystoreException UNKNOWN_ACCOUNT naming the address and the keystore directory;
     *                           MALFORMED when the address is not 20 bytes of hex
     */
    public StoredAccount find(String address) {
        String wanted = key(requireAddress(address));
        return list().stream()
                .filter(a -> key(a.address()).equals(wanted))
                .findFirst()
                .orElseThrow(() -> new KeystoreException(KeystoreException.Reason.UNKNOWN_ACCOUNT, null,
                        "no account " + checksum(wanted) + " in keystore " + directory));
    }

    /**
     * Decrypts an account's key (scrypt: about a second with {@link ScryptCost#STANDARD}) and keeps it
     * unlocked for this session; a second call returns the cached credentials without checking the
     * password again.
     *
     * @throws KeystoreException UNKNOWN_ACCOUNT; WRONG_PASSWORD naming the address (never the password);
     *                           MALFORMED naming the file
     */
    public Credentials unlock(String address, char[] password) {
        Objects.requireNonNull(password, "password");
        Optional<Credentials> cached = unlocked(address);
        if (cached.isPresent()) {
            return cached.get();
        }
        StoredAccount account = find(address);
        Path file = account.file();
        Credentials credentials = decrypt(file, parseWallet(file, readFile(file)), password);
        unlocked.put(key(account.address()), credentials);
        return credentials;
    }

    /**
     * Unlocks an account, asking {@code prompt} for the password only when it is not unlocked yet
     * (a password is asked once per session).
     *
     * @throws KeystoreException as {@link #unlock(String, char[])}
     */
    public Credentials unlock(String address, PasswordPrompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        Optional<Credentials> cached = unlocked(address);
        if (cached.isPresent()) {
            return cached.get();
        }
        String checksummed = find(address).address();
        char[] password = prompt.passwordFor(checksummed);
        try {
            return unlock(checksummed, password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The credentials of {@code address} if it was unlocked in this session. */
    public Optional<Credentials> unlocked(String address) {
        return Optional.ofNullable(unlocked.get(key(requireAddress(address))));
    }

    /** Forgets every unlocked key of this session. */
    public void lockAll() {
        unlocked.clear();
    }

    @Override
    public String toString() {
        return "AccountStore[" + directory + ", " + unlocked.size() + " unlocked]";
    }

    /** Asks the user for the password of one account. */
    @FunctionalInterface
    public interface PasswordPrompt {
        /**
         * The password of {@code address} (EIP-55 checksummed). The store clears the array after use.
         *
         * @throws RuntimeException when no password can be had (e.g. no console)
         */
        char[] passwordFor(String address);
    }

    // ---- internals ----

    private synchronized StoredAccount store(ECKeyPair keyPair, char[] password, String verb) {
        String address = Keys.getAddress(keyPair);
        refuseDuplicate(address);
        WalletFile wallet;
        try {
            wallet = Wallet.create(new String(password), keyPair, cost.n(), cost.p());
        } catch (CipherException e) {
            throw new IllegalStateException("cannot encrypt key of account " + checksum(address) + ": " + e.getMessage(), e);
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(wallet);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode keystore file of " + checksum(address), e);
        }
        Path target = directory.resolve(fileName(Instant.now(), address));
        writeAtomically(target, bytes);
        unlocked.put(key(address), Credentials.create(keyPair));
        LOG.info("{} account {} in {}", verb, checksum(address), target);
        return new StoredAccount(checksum(address), target, createdOf(target));
    }

    private void refuseDuplicate(String address) {
        String wanted = key(address);
        for (StoredAccount account : list()) {
            if (key(account.address()).equals(wanted)) {
                throw new KeystoreException(KeystoreException.Reason.DUPLICATE, account.file(),
                        "account " + account.address() + " is already in the keystore: " + account.file());
            }
        }
    }

    private Credentials decrypt(Path file, WalletFile wallet, char[] password) {
        String address = key(wallet.getAddress());
        ECKeyPair keyPair;
        try {
            keyPair = Wallet.decrypt(new String(password), wallet);
        } catch (CipherException e) {
            if (WRONG_PASSWORD_MESSAGE.equals(e.getMessage())) {
                throw new KeystoreException(KeystoreException.Reason.WRONG_PASSWORD, file,
                        "wrong password for account " + checksum(address) + " (" + file + ")");
            }
            throw new KeystoreException(KeystoreException.Reason.MALFORMED, file,
                    "malformed keystore file " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // web3j throws NumberFormatException etc. for bad hex in ciphertext, salt, iv
            throw new KeystoreException(KeystoreException.Reason.MALFORMED, file,
                    "malformed keystore file " + file + ": " + e.getClass().getSimpleName(), e);
        }
        if (!key(Keys.getAddress(keyPair)).equals(address)) {
            throw new KeystoreException(KeystoreException.Reason.MALFORMED, file, "malformed keystore file " + file
                    + ": its key does not belong to its address " + checksum(address));
        }
        return Credentials.create(keyPair);
    }

    private WalletFile parseWallet(Path file, byte[] bytes) {
        plainAddress(file, bytes);
        try {
            WalletFile wallet = json.readValue(bytes, WalletFile.class);
            if (wallet.getCrypto() == null || wallet.getCrypto().getKdfparams() == null) {
                throw malformed(file, "no crypto.kdfparams");
            }
            return wallet;
        } catch (IOException e) {
            throw new KeystoreException(KeystoreException.Reason.MALFORMED, file,
                    "malformed keystore file " + file + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** Checks the plain structure (version 3, address, crypto) and returns the lower-case address. */
    private String plainAddress(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (IOException e) {
            throw malformed(file, "not JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw malformed(file, "not a JSON object");
        }
        if (root.path("version").asInt(-1) != 3) {
            throw malformed(file, "version is " + root.path("version") + ", expected 3");
        }
        String address = root.path("address").asText("");
        if (!ADDRESS.matcher(address).matches()) {
            throw malformed(file, "address is missing or not 40 hex digits");
        }
        if (!root.path("crypto").isObject() && !root.path("Crypto").isObject()) {
            throw malformed(file, "no crypto object");
        }
        return key(address);
    }

    private static KeystoreException malformed(Path file, String reason) {
        return new KeystoreException(KeystoreException.Reason.MALFORMED, file,
                "malformed keystore file " + file + ": " + reason);
    }

    private static BigInteger parsePrivateKey(String hexKey) {
        String hex = hexKey.strip();
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        boolean allHex = hex.chars().allMatch(HexFormat::isHexDigit);
        if (hex.length() != 64 || !allHex) {
            throw new KeystoreException(KeystoreException.Reason.MALFORMED, null,
                    "not a private key: expected 64 hex digits (32 bytes), got " + hex.length() + " characters"
                            + (allHex ? "" : " including non-hex ones"));
        }
        BigInteger value = new BigInteger(hex, 16);
        if (value.signum() == 0 || value.compareTo(Sign.CURVE_PARAMS.getN()) >= 0) {
            throw new KeystoreException(KeystoreException.Reason.MALFORMED, null,
                    "not a private key: 0 or not below the secp256k1 group order");
        }
        return value;
    }

    private static String requireAddress(String address) {
        Objects.requireNonNull(address, "address");
        if (!ADDRESS.matcher(address).matches()) {
            throw new KeystoreException(KeystoreException.Reason.MALFORMED, null,
                    "not an Ethereum address (0x + 40 hex digits): " + address);
        }
        return address;
    }

    /** Lower-case hex without 0x: the map and comparison key of an address. */
    private static String key(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        return a.startsWith("0x") ? a.substring(2) : a;
    }

    private static String checksum(String address) {
        return Keys.toChecksumAddress(key(address));
    }

    /** geth's name: {@code UTC--2006-01-02T15-04-05.999999999Z--<address>}. */
    static String fileName(Instant time, String address) {
        return "UTC--" + NAME_TIME.format(LocalDateTime.ofInstant(time, ZoneOffset.UTC)) + "Z--" + key(address);
    }

    private static Instant createdOf(Path file) {
        Matcher m = GETH_NAME.matcher(file.getFileName().toString());
        if (m.matches()) {
            try {
                String fraction = m.group(2) == null ? "" : m.group(2);
                return LocalDateTime.parse(m.group(1) + fraction,
                        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss[.[SSSSSSSSS][SSSSSS][SSS]]", Locale.ROOT))
                        .toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // fall through to the file time
            }
        }
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code target} owner-only, atomically and durably, never replacing an existing file
     * ({@link AtomicFiles#createNew}: a temporary file, fsync, then a hard link to the target name).
     */
    private static void writeAtomically(Path target, byte[] bytes) {
        try {
            AtomicFiles.createNew(target, bytes);
        } catch (FileAlreadyExistsException e) {
            throw new KeystoreException(KeystoreException.Reason.TARGET_EXISTS, target, "will not overwrite " + target, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

}
