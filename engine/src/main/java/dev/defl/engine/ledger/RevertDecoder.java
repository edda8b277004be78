package dev.defl.engine.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.defl.engine.ledger.abi.AbiDecodingException;
import dev.defl.engine.ledger.abi.ContractAbi;
import dev.defl.engine.ledger.abi.DecodedCall;
import dev.defl.engine.ledger.abi.DecodedValue;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes revert data (4-byte selector + ABI-encoded arguments, Solidity ABI spec "Errors") into a
 * {@link ContractRevertException}, using the custom errors declared in a contract ABI plus the
 * built-in {@code Error(string)} and {@code Panic(uint256)}. Nodes report reverts differently, so
 * the data is taken from the JSON-RPC error's {@code data} field or, failing that, the first long
 * hex string in its message. Selectors and arguments are decoded by {@link ContractAbi}, the same
 * decoder the explorer uses.
 */
final class RevertDecoder {
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{8,}");

    private final ContractAbi abi;

    private RevertDecoder(ContractAbi abi) {
        this.abi = abi;
    }

    /** Reads the errors of the ABI JSON at the class path resource {@code abiResource}. */
    static RevertDecoder fromAbiResource(String abiResource) {
        return new RevertDecoder(ContractAbi.fromResource(abiResource));
    }

    static RevertDecoder fromAbi(JsonNode abi) {
        return new RevertDecoder(ContractAbi.fromJson(abi));
    }

    /** The revert data in a JSON-RPC error's data field or message, if any. */
    static Optional<String> revertData(String data, String message) {
        for (String text : new String[] {data, message}) {
            if (text != null) {
                Matcher matcher = HEX.matcher(text);
                if (matcher.find()) {
                    return Optional.of(matcher.group().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Builds the exception for a revert of {@code functionName} with {@code data} (0x-hex; empty or
     * absent when the node gave none, then {@code fallback} describes it).
     */
    ContractRevertException decode(String functionName, Optional<String> data, String fallback) {
        if (data.isEmpty() || data.get().length() < 10) {
            return new ContractRevertException(functionName, "", List.of(), data.orElse("0x"),
                    "no revert data (" + fallback + ")");
        }
        String hex = data.get();
        String selector = hex.substring(0, 10);
        Optional<DecodedCall> error;
        try {
            error = abi.decodeError(hex);
        } catch (AbiDecodingException e) {
            return new ContractRevertException(functionName, selector, List.of(), hex,
                    e.getMessage() + " (data " + hex + ")");
        }
        if (error.isEmpty()) {
            return new ContractRevertException(functionName, selector, List.of(), hex,
                    "unknown error " + selector + " (data " + hex + ")");
        }
        DecodedCall e = error.get();
        List<Object> args = e.args().stream().map(DecodedValue::value).toList();
        return new ContractRevertException(functionName, e.name(), args, hex, e.display());
    }
}
