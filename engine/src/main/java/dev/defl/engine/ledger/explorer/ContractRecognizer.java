package dev.defl.engine.ledger.explorer;

import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.ChainUnavailableException;
import dev.defl.engine.ledger.abi.ContractAbi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Says which ABI decodes the contract at an address: one given explicitly, or one recognized from
 * the code deployed there. Recognition compares the CBOR metadata that solc appends to deployed
 * code (its last {@code 2 + n} bytes, {@code n} in the final two; it holds the IPFS hash of the
 * contract's metadata, so it is equal for every deployment of the same source and compiler
 * settings, whatever the constructor arguments and immutables) with the metadata at the end of the
 * artifact's creation bytecode — Sourcify's "partial match". This is how the explorer decodes every
 * instance of our contracts on any chain, which Otterscan cannot do on a dev chain.
 *
 * <p>Thread-safe; code lookups are cached per address (bounded).
 */
public final class ContractRecognizer {
    /** One compiled contract: its name, ABI and the metadata tail of its bytecode. */
    private record Artifact(String name, ContractAbi abi, String metadataTail) {
    }

    private static final int CACHE = 1024;

    private final ChainConnection chain;
    private final Map<String, ContractAbi> explicit;
    private final List<Artifact> artifacts;
    private final Map<String, Optional<ContractAbi>> byAddress = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Optional<ContractAbi>> eldest) {
                    return size() > CACHE;
                }
            });

    private ContractRecognizer(ChainConnection chain, Map<String, ContractAbi> explicit, List<Artifact> artifacts) {
        this.chain = chain;
        this.explicit = Map.copyOf(explicit);
        this.artifacts = List.copyOf(artifacts);
    }

    /** A recognizer that knows no contract yet. {@code chain} is asked for code when an artifact is added. */
    public static ContractRecognizer create(ChainConnection chain) {
        return new ContractRecognizer(chain, Map.of(), List.of());
    }

    /** This recognizer plus the contract at {@code address} decoded with {@code abi}. */
    public ContractRecognizer withContract(String address, ContractAbi abi) {
        Map<String, ContractAbi> map = new LinkedHashMap<>(explicit);
        map.put(address.toLowerCase(Locale.ROOT), abi);
        return new ContractRecognizer(chain, map, artifacts);
    }

    /**
     * This recognizer plus every deployment of a compiled contract.
     *
     * @param name the contract's name (shown by the explorer)
     * @param creationBytecode the compiler's creation bytecode, hex with or without 0x
     * @throws IllegalArgumentException when the bytecode carries no CBOR metadata tail
     */
    public ContractRecognizer withArtifact(String name, ContractAbi abi, String creationBytecode) {
        List<Artifact> list = new ArrayList<>(artifacts);
        list.add(new Artifact(name, abi, metadataTail(strip(creationBytecode))
                .orElseThrow(() -> new IllegalArgumentException(name + ": bytecode has no CBOR metadata tail"))));
        return new ContractRecognizer(chain, explicit, list);
    }

    /**
     * This recognizer plus the artifact at class path resources {@code base + ".abi"} and {@code base + ".bin"}
     * (as the engine build writes them, e.g. {@code /dev/defl/engine/ledger/FederatedRounds}).
     *
     * @throws IllegalStateException when a resource is missing
     */
    public ContractRecognizer withArtifactResource(String base) {
        String name = base.substring(base.lastIndexOf('/') + 1);
        try (InputStream bin = ContractRecognizer.class.getResourceAsStream(base + ".bin")) {
            if (bin == null) {
                throw new IllegalStateException("class path resource " + base + ".bin missing: build the engine module");
            }
            return withArtifact(name, ContractAbi.fromResource(base + ".abi"),
                    new String(bin.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + base + ".bin", e);
        }
    }

    /**
     * The ABI that decodes the contract at {@code address}, if known. May call {@code eth_getCode} once per address.
     *
     * @throws ChainUnavailableException when the node does not answer
     */
    public Optional<ContractAbi> abiAt(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        ContractAbi given = explicit.get(a);
        if (given != null) {
            return Optional.of(given);
        }
        if (artifacts.isEmpty()) {
            return Optional.empty();
        }
        Optional<ContractAbi> cached = byAddress.get(a);
        if (cached != null) {
            return cached;
        }
        Optional<ContractAbi> found = nameAt(a).flatMap(name -> artifacts.stream()
                .filter(x -> x.name().equals(name)).map(Artifact::abi).findFirst());
        byAddress.put(a, found);
        return found;
    }

    /**
     * The name of the known artifact deployed at {@code address}, if its code's metadata matches one.
     *
     * @throws ChainUnavailableException when the node does not answer
     */
    public Optional<String> nameAt(String address) {
        String code;
        try {
            code = chain.web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
        if (code == null || code.length() <= 2) {
            return Optional.empty();
        }
        Optional<String> tail = metadataTail(strip(code));
        return tail.flatMap(t -> artifacts.stream().filter(x -> x.metadataTail().equals(t))
                .map(Artifact::name).findFirst());
    }

    private static String strip(String hex) {
        String s = hex.startsWith("0x") ? hex.substring(2) : hex;
        return s.toLowerCase(Locale.ROOT);
    }

    /** The CBOR metadata tail (length-prefixed by its last two bytes) of hex bytecode, if plausible. */
    static Optional<String> metadataTail(String hex) {
        if (hex.length() < 4 || hex.length() % 2 != 0) {
            return Optional.empty();
        }
        int length = HexFormat.fromHexDigits(hex, hex.length() - 4, hex.length());
        int bytes = hex.length() / 2;
        if (length < 10 || length + 2 > bytes) {
            return Optional.empty();
        }
        String tail = hex.substring(hex.length() - 2 * (length + 2));
        // CBOR map with solc's keys starts with 0xa1..0xa3 and contains "ipfs" (0x64 69706673) or "bzzr".
        if (!tail.startsWith("a") || !(tail.contains("6469706673") || tail.contains("627a7a72"))) {
            return Optional.empty();
        }
        return Optional.of(tail);
    }
}
