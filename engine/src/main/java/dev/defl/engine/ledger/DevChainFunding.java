package dev.defl.engine.ledger;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Funds accounts on a development chain, which can set any balance: anvil ({@code anvil_setBalance}) and Hardhat
 * Network ({@code hardhat_setBalance}), recognized by {@code web3_clientVersion} ({@code anvil/v1.7.1},
 * {@code HardhatNetwork/2.x}). A production chain has no such method: there an account is funded by a transfer from
 * an account that holds ether, which is the operator's business.
 */
public final class DevChainFunding {
    /** What {@code defl account fund} and {@code chain serve --fund} give by default: 100 ether, in wei. */
    public static final BigInteger DEFAULT_WEI = BigInteger.TEN.pow(20);

    private DevChainFunding() {
    }

    /**
     * The balance-setting JSON-RPC method of the chain's node.
     *
     * @throws IllegalArgumentException naming the URL and the node's client version when it is not a dev chain
     * @throws ChainUnavailableException when the node does not answer
     */
    public static String setBalanceMethod(ChainConnection chain) {
        Object version;
        try {
            version = chain.request("web3_clientVersion", List.of());
        } catch (UnsupportedOperationException e) {
            version = "(web3_clientVersion refused)";
        }
        String text = String.valueOf(version);
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("anvil/")) return "anvil_setBalance";
        if (lower.startsWith("hardhatnetwork/")) return "hardhat_setBalance";
        throw new IllegalArgumentException("the chain at " + chain.rpcUrl() + " (chain id " + chain.chainId() + ", client "
                + text + ") is not a development chain (anvil or Hardhat): it cannot create ether; send ether to the "
                + "account from a funded account instead");
    }

    /**
     * Raises the balance of {@code address} to {@code wei} when it holds less (a dev chain only); a richer account is
     * left as it is.
     *
     * @return the balance afterwards, in wei
     * @throws IllegalArgumentException for a malformed address, a negative amount, or a chain that is not a dev chain
     * @throws ChainUnavailableException when the node does not answer
     */
    public static BigInteger topUp(ChainConnection chain, String address, BigInteger wei) {
        Objects.requireNonNull(chain, "chain");
        if (address == null || !address.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("not an Ethereum address (0x + 40 hex digits): " + address);
        }
        if (wei.signum() < 0) throw new IllegalArgumentException("amount must be >= 0 wei, got " + wei);
        String method = setBalanceMethod(chain);
        BigInteger balance = chain.balance(address);
        if (balance.compareTo(wei) >= 0) return balance;
        chain.request(method, List.of(address, "0x" + wei.toString(16)));
        return chain.balance(address);
    }

    /**
     * Raises the balance of every address in {@code addresses} that holds less than {@code wei} to {@code wei} (a dev
     * chain only; the method is asked once): two JSON-RPC calls per address that needs it, one per address that does
     * not.
     *
     * @return how many addresses were topped up
     * @throws IllegalArgumentException for a malformed address, a negative amount, or a chain that is not a dev chain
     * @throws ChainUnavailableException when the node does not answer
     */
    public static int topUpAll(ChainConnection chain, List<String> addresses, BigInteger wei) {
        Objects.requireNonNull(chain, "chain");
        if (wei.signum() < 0) throw new IllegalArgumentException("amount must be >= 0 wei, got " + wei);
        String method = null;
        int funded = 0;
        for (String address : addresses) {
            if (address == null || !address.matches("0x[0-9a-fA-F]{40}")) {
                throw new IllegalArgumentException("not an Ethereum address (0x + 40 hex digits): " + address);
            }
            if (chain.balance(address).compareTo(wei) >= 0) continue;
            if (method == null) method = setBalanceMethod(chain);
            chain.request(method, List.of(address, "0x" + wei.toString(16)));
            funded++;
        }
        return funded;
    }
}
