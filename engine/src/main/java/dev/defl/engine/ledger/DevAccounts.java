package dev.defl.engine.ledger;

import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;

/**
 * The funded accounts of the anvil dev chain, derived like anvil (and Hardhat) do: BIP-39 seed of
 * the well-known test mnemonic {@value #MNEMONIC} with an empty passphrase, BIP-32 path
 * {@code m/44'/60'/0'/0/index} (BIP-44, coin type 60 = Ether).
 *
 * <p>These keys are public knowledge: use them on a dev chain only. Never log the private key.
 */
public final class DevAccounts {
    /** Anvil's default mnemonic. */
    public static final String MNEMONIC = "test test test test test test test test test test test junk";

    private static final int HARDENED = 0x8000_0000;

    private DevAccounts() {
    }

    /**
     * Credentials of dev account {@code index} (account 0 is 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266).
     *
     * @param index account index, 0 .. 2^31-1; anvil funds 0 .. {@link AnvilProcess#ACCOUNTS}-1
     * @throws IllegalArgumentException when index is negative
     */
    public static Credentials account(int index) {
        return derive(index);
    }

    /**
     * The dev account (index 0 .. {@link AnvilProcess#ACCOUNTS}-1) with {@code address}, compared without regard to
     * case; empty when it is none of them.
     */
    public static java.util.Optional<Credentials> find(String address) {
        Bip32ECKeyPair master = master(); // the seed (PBKDF2, 2048 rounds) once, not once per account
        for (int i = 0; i < AnvilProcess.ACCOUNTS; i++) {
            Credentials account = derive(master, i);
            if (account.getAddress().equalsIgnoreCase(address)) return java.util.Optional.of(account);
        }
        return java.util.Optional.empty();
    }

    /**
     * Credentials of dev accounts {@code from .. from+count-1}, in index order. The seed and the common parent
     * {@code m/44'/60'/0'/0} are derived once, so each account costs one child derivation (about a millisecond): a run
     * of a thousand clients derives its accounts in about a second. Accounts from {@link AnvilProcess#ACCOUNTS} on are
     * not funded by anvil at start: {@link DevChainFunding#topUpAll} funds them.
     *
     * @throws IllegalArgumentException when {@code from} or {@code count} is negative, or the range passes 2^31-1
     */
    public static java.util.List<Credentials> accounts(int from, int count) {
        if (from < 0 || count < 0 || (long) from + count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("account range must be within 0..2^31-1, got " + from + " + " + count);
        }
        Bip32ECKeyPair parent = Bip32ECKeyPair.deriveKeyPair(master(), new int[] {44 | HARDENED, 60 | HARDENED, HARDENED, 0});
        java.util.List<Credentials> accounts = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            accounts.add(Credentials.create(Bip32ECKeyPair.deriveKeyPair(parent, new int[] {from + i})));
        }
        return java.util.List.copyOf(accounts);
    }

    private static Credentials derive(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("account index must be >= 0, got " + index);
        }
        return derive(master(), index);
    }

    private static Bip32ECKeyPair master() {
        return Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(MNEMONIC, ""));
    }

    private static Credentials derive(Bip32ECKeyPair master, int index) {
        int[] path = {44 | HARDENED, 60 | HARDENED, HARDENED, 0, index};
        return Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, path));
    }
}
