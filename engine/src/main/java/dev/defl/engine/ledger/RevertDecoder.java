package dev.defl.engine.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Decodes revert data (4-byte selector + ABI-encoded arguments, Solidity ABI spec "Errors") into a
 * {@link ContractRevertException}, using the custom errors declared in a contract ABI plus the
 * built-in {@code Error(string)} and {@code Panic(uint256)}. Nodes report reverts differently, so
 * the data is taken from the JSON-RPC error's {@code data} field or, failing that, the first long
 * hex string in its message.
 */
final class RevertDecoder {
    private record ErrorSpec(String name, List<String> argNames, List<String> argTypes) {
    }

    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{8,}");

    private final Map<String, ErrorSpec> bySelector;

    private RevertDecoder(Map<String, ErrorSpec> bySelector) {
        this.bySelector = Map.copyOf(bySelector);
    }

    /** Reads the errors of the ABI JSON at the class path resource {@code abiResource}. */
    static RevertDecoder fromAbiResource(String abiResource) {
        try (InputStream in = RevertDecoder.class.getResourceAsStream(abiResource)) {
            if (in == null) {
                throw new IllegalStateException("class path resource " + abiResource
                        + " missing: build the engine module with Maven (it compiles the contract)");
            }
            return fromAbi(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ABI " + abiResource, e);
        }
    }

    static RevertDecoder fromAbi(JsonNode abi) {
        Map<String, ErrorSpec> errors = new HashMap<>();
        add(errors, new ErrorSpec("Error", List.of("message"), List.of("string")));
        add(errors, new ErrorSpec("Panic", List.of("code"), List.of("uint256")));
        for (JsonNode entry : abi) {
            if (!"error".equals(entry.path("type").asText())) {
                continue;
            }
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (JsonNode input : entry.path("inputs")) {
                names.add(input.path("name").asText());
                types.add(input.path("type").asText());
            }
            add(errors, new ErrorSpec(entry.path("name").asText(), names, types));
        }
        return new RevertDecoder(errors);
    }

    private static void add(Map<String, ErrorSpec> errors, ErrorSpec spec) {
        String signature = spec.name() + "(" + String.join(",", spec.argTypes()) + ")";
        errors.put(Hash.sha3String(signature).substring(0, 10), spec);
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
        ErrorSpec spec = bySelector.get(selector);
        if (spec == null) {
            return new ContractRevertException(functionName, selector, List.of(), hex,
                    "unknown error " + selector + " (data " + hex + ")");
        }
        List<Object> args = new ArrayList<>();
        try {
            @SuppressWarnings({"unchecked", "rawtypes"})
            List<TypeReference<Type>> refs = (List) spec.argTypes().stream().map(RevertDecoder::typeRef).toList();
            for (Type<?> value : FunctionReturnDecoder.decode(Numeric.prependHexPrefix(hex.substring(10)), refs)) {
                args.add(value.getValue());
            }
        } catch (RuntimeException e) {
            return new ContractRevertException(functionName, spec.name(), List.of(), hex,
                    spec.name() + " with undecodable arguments (data " + hex + ")");
        }
        if (args.size() != spec.argTypes().size()) {
            return new ContractRevertException(functionName, spec.name(), List.of(), hex,
                    spec.name() + " with truncated arguments (data " + hex + ")");
        }
        String detail = spec.name() + "(" + java.util.stream.IntStream.range(0, args.size())
                .mapToObj(i -> (spec.argNames().get(i).isEmpty() ? "" : spec.argNames().get(i) + "=") + show(args.get(i)))
                .collect(Collectors.joining(", ")) + ")";
        return new ContractRevertException(functionName, spec.name(), args, hex, detail);
    }

    private static TypeReference<?> typeRef(String solidityType) {
        try {
            return TypeReference.makeTypeReference(solidityType);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unsupported ABI type " + solidityType, e);
        }
    }

    private static String show(Object value) {
        if (value instanceof byte[] bytes) {
            return Numeric.toHexString(bytes);
        }
        if (value instanceof BigInteger || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof String s && !s.startsWith("0x")) {
            return '"' + s + '"';
        }
        return String.valueOf(value);
    }
}
