package dev.defl.engine.ledger.abi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;

/**
 * A contract's ABI read from its JSON form, able to decode any transaction input (function
 * call), event log and revert data (custom error) of that contract into names and values. This is
 * what lets the explorer and {@code defl chain tx} show {@code submitUpdate(task=1, round=2, …)}
 * where other tools show hex.
 *
 * <p>Format: Solidity ABI specification (https://docs.soliditylang.org/en/latest/abi-spec.html):
 * selectors are the first 4 bytes of keccak-256 of the canonical signature, event topic 0 is the
 * full hash, arguments use the head/tail encoding. Elementary values and arrays of them are decoded
 * by web3j's {@link FunctionReturnDecoder}; tuples (structs) are walked here, member by member,
 * because web3j decodes structs only into generated classes. Besides the ABI's own errors,
 * Solidity's built-in {@code Error(string)} and {@code Panic(uint256)} are known.
 *
 * <p>Immutable and thread-safe.
 */
public final class ContractAbi {
    private record Entry(String name, String signature, List<AbiParam> inputs) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, Entry> functions;
    private final Map<String, Entry> events;
    private final Map<String, Entry> errors;

    private ContractAbi(Map<String, Entry> functions, Map<String, Entry> events, Map<String, Entry> errors) {
        this.functions = Map.copyOf(functions);
        this.events = Map.copyOf(events);
        this.errors = Map.copyOf(errors);
    }

    /**
     * Reads an ABI JSON array.
     *
     * @throws IllegalArgumentException if {@code abi} is not an array of ABI entries
     */
    public static ContractAbi fromJson(JsonNode abi) {
        if (!abi.isArray()) {
            throw new IllegalArgumentException("an ABI must be a JSON array, got " + abi.getNodeType());
        }
        Map<String, Entry> functions = new HashMap<>();
        Map<String, Entry> events = new HashMap<>();
        Map<String, Entry> errors = new HashMap<>();
        addError(errors, "Error", List.of(new AbiParam("message", "string", false, List.of())));
        addError(errors, "Panic", List.of(new AbiParam("code", "uint256", false, List.of())));
        for (JsonNode node : abi) {
            String kind = node.path("type").asText("function");
            String name = node.path("name").asText();
            List<AbiParam> inputs = params(node.path("inputs"));
            switch (kind) {
                case "function" -> {
                    Entry e = entry(name, inputs);
                    functions.put(selector(e.signature()), e);
                }
                case "event" -> {
                    if (!node.path("anonymous").asBoolean(false)) {
                        Entry e = entry(name, inputs);
                        events.put(Hash.sha3String(e.signature()).toLowerCase(Locale.ROOT), e);
                    }
                }
                case "error" -> addError(errors, name, inputs);
                default -> {
                    // constructor, fallback, receive: nothing to decode by selector
                }
            }
        }
        return new ContractAbi(functions, events, errors);
    }

    /**
     * Reads the ABI JSON at a class path resource.
     *
     * @throws IllegalStateException if the resource is missing
     * @throws UncheckedIOException if it cannot be read or parsed
     */
    public static ContractAbi fromResource(String resource) {
        try (InputStream in = ContractAbi.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("class path resource " + resource
                        + " missing: build the engine module with Maven (it compiles the contract)");
            }
            return fromJson(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ABI " + resource, e);
        }
    }

    private static void addError(Map<String, Entry> errors, String name, List<AbiParam> inputs) {
        Entry e = entry(name, inputs);
        errors.put(selector(e.signature()), e);
    }

    private static Entry entry(String name, List<AbiParam> inputs) {
        String signature = name + inputs.stream().map(AbiParam::canonicalType).collect(Collectors.joining(",", "(", ")"));
        return new Entry(name, signature, inputs);
    }

    private static List<AbiParam> params(JsonNode array) {
        List<AbiParam> out = new ArrayList<>();
        for (JsonNode p : array) {
            out.add(new AbiParam(p.path("name").asText(), p.path("type").asText(),
                    p.path("indexed").asBoolean(false), params(p.path("components"))));
        }
        return out;
    }

    private static String selector(String signature) {
        return Hash.sha3String(signature).substring(0, 10).toLowerCase(Locale.ROOT);
    }

    /** The canonical signatures of the ABI's functions, e.g. {@code vote(uint256,uint256,bytes32)}. */
    public List<String> functionSignatures() {
        return functions.values().stream().map(Entry::signature).sorted().toList();
    }

    /** The canonical signatures of the ABI's (non-anonymous) events. */
    public List<String> eventSignatures() {
        return events.values().stream().map(Entry::signature).sorted().toList();
    }

    /**
     * Decodes a transaction's input. Empty when the input is shorter than a selector or its selector
     * is not one of this ABI's functions (a plain transfer, another contract, a deployment).
     *
     * @param input the transaction input, 0x-hex
     * @throws AbiDecodingException if the selector is known but the arguments do not decode
     */
    public Optional<DecodedCall> decodeCall(String input) {
        return decodeWithSelector(functions, input, "call");
    }

    /**
     * Decodes revert data into the custom error (or {@code Error(string)} / {@code Panic(uint256)}) it
     * encodes. Empty when there is no selector or it is unknown.
     *
     * @param revertData 0x-hex
     * @throws AbiDecodingException if the selector is known but the arguments do not decode
     */
    public Optional<DecodedCall> decodeError(String revertData) {
        return decodeWithSelector(errors, revertData, "revert data");
    }

    private static Optional<DecodedCall> decodeWithSelector(Map<String, Entry> table, String hex, String what) {
        byte[] bytes = bytes(hex, what);
        if (bytes.length < 4) {
            return Optional.empty();
        }
        String selector = "0x" + HEX.formatHex(bytes, 0, 4);
        Entry entry = table.get(selector);
        if (entry == null) {
            return Optional.empty();
        }
        byte[] body = Arrays.copyOfRange(bytes, 4, bytes.length);
        try {
            return Optional.of(new DecodedCall(entry.name(), entry.signature(), selector,
                    decodeTuple(entry.inputs(), body, 0)));
        } catch (RuntimeException e) {
            throw new AbiDecodingException(what + " " + selector + " for " + entry.signature()
                    + " does not decode (" + body.length + " argument bytes): " + e.getMessage(), e);
        }
    }

    /**
     * Decodes an event log. Empty when there is no topic or topic 0 is not one of this ABI's events.
     *
     * @param topics the log's topics, 0x-hex (topic 0 is the event signature hash)
     * @param data the log's data, 0x-hex
     * @throws AbiDecodingException if the event is known but topics or data do not decode
     */
    public Optional<DecodedEvent> decodeLog(List<String> topics, String data) {
        if (topics.isEmpty()) {
            return Optional.empty();
        }
        Entry entry = events.get(topics.getFirst().toLowerCase(Locale.ROOT));
        if (entry == null) {
            return Optional.empty();
        }
        List<AbiParam> indexed = entry.inputs().stream().filter(AbiParam::indexed).toList();
        if (topics.size() != indexed.size() + 1) {
            throw new AbiDecodingException("log of " + entry.signature() + " has " + topics.size()
                    + " topics, expected " + (indexed.size() + 1));
        }
        List<AbiParam> unindexed = entry.inputs().stream().filter(p -> !p.indexed()).toList();
        try {
            List<DecodedValue> fromData = decodeTuple(unindexed, bytes(data, "log data"), 0);
            List<DecodedValue> args = new ArrayList<>();
            int topic = 1;
            int datum = 0;
            for (AbiParam p : entry.inputs()) {
                if (p.indexed()) {
                    byte[] word = bytes(topics.get(topic++), "topic");
                    if (p.isDynamic() || p.type().startsWith("tuple") || p.type().endsWith("]")) {
                        args.add(new DecodedValue(p.name(), p.canonicalType(), word, true));
                    } else {
                        args.add(decodeOne(p, word, 0));
                    }
                } else {
                    args.add(fromData.get(datum++));
                }
            }
            return Optional.of(new DecodedEvent(entry.name(), entry.signature(), args));
        } catch (AbiDecodingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AbiDecodingException("log of " + entry.signature() + " does not decode: " + e.getMessage(), e);
        }
    }

    /** Decodes the members of a tuple whose encoding starts at {@code base} in {@code data}. */
    private static List<DecodedValue> decodeTuple(List<AbiParam> params, byte[] data, int base) {
        List<DecodedValue> out = new ArrayList<>(params.size());
        int head = base;
        for (AbiParam p : params) {
            out.add(decodeAt(p, data, base, head));
            head += p.headSize();
        }
        return out;
    }

    private static DecodedValue decodeAt(AbiParam p, byte[] data, int base, int head) {
        boolean tupleLike = p.type().startsWith("tuple");
        if (!tupleLike) {
            if (!p.isDynamic()) {
                return decodeOne(p, data, head);
            }
            int offset = base + offset(data, head);
            // Re-root the dynamic value so web3j sees a one-member tuple: a 0x20 offset, then the tail.
            byte[] rooted = new byte[32 + Math.max(0, data.length - offset)];
            rooted[31] = 0x20;
            System.arraycopy(data, offset, rooted, 32, data.length - offset);
            return decodeOne(p, rooted, 0, true);
        }
        int start = p.isDynamic() ? base + offset(data, head) : head;
        if (p.isTuple()) {
            return new DecodedValue(p.name(), p.canonicalType(), decodeTuple(p.components(), data, start), false);
        }
        // An array of tuples: T[] is a length word then the encoding of a k-tuple of T; T[k] is that k-tuple.
        String elementType = p.type().substring(0, p.type().lastIndexOf('['));
        boolean dynamicLength = p.type().endsWith("[]");
        int length = dynamicLength ? offset(data, start)
                : Integer.parseInt(p.type().substring(p.type().lastIndexOf('[') + 1, p.type().length() - 1));
        int first = dynamicLength ? start + 32 : start;
        AbiParam element = new AbiParam("", elementType, false, p.components());
        List<DecodedValue> members = decodeTuple(java.util.Collections.nCopies(length, element), data, first);
        List<Object> values = new ArrayList<>(members.stream().map(DecodedValue::value).toList());
        return new DecodedValue(p.name(), p.canonicalType(), values, false);
    }

    private static int offset(byte[] data, int at) {
        if (at + 32 > data.length) {
            throw new AbiDecodingException("offset word at byte " + at + " lies past the end (" + data.length + " bytes)");
        }
        BigInteger value = new BigInteger(1, Arrays.copyOfRange(data, at, at + 32));
        if (value.bitLength() > 31 || value.intValueExact() > data.length) {
            throw new AbiDecodingException("offset " + value + " at byte " + at + " lies past the end (" + data.length + " bytes)");
        }
        return value.intValueExact();
    }

    private static DecodedValue decodeOne(AbiParam p, byte[] data, int at) {
        return decodeOne(p, data, at, false);
    }

    private static DecodedValue decodeOne(AbiParam p, byte[] data, int at, boolean rooted) {
        int size = rooted ? data.length : p.headSize();
        if (at + Math.min(size, 32) > data.length || (!rooted && at + size > data.length)) {
            throw new AbiDecodingException(p.canonicalType() + " " + p.name() + " at byte " + at
                    + " lies past the end (" + data.length + " bytes)");
        }
        TypeReference<Type> ref = typeRef(p.type());
        String hex = "0x" + HEX.formatHex(data, at, rooted ? data.length : at + size);
        List<Type> values = FunctionReturnDecoder.decode(hex, List.of(ref));
        if (values.size() != 1) {
            throw new AbiDecodingException(p.canonicalType() + " " + p.name() + " at byte " + at + " does not decode");
        }
        return new DecodedValue(p.name(), p.canonicalType(), plain(values.getFirst()), false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeReference<Type> typeRef(String solidityType) {
        try {
            return (TypeReference) TypeReference.makeTypeReference(solidityType);
        } catch (ClassNotFoundException | RuntimeException e) {
            throw new AbiDecodingException("unsupported ABI type " + solidityType, e);
        }
    }

    private static Object plain(Object value) {
        Object v = value instanceof Type<?> t ? t.getValue() : value;
        if (v instanceof List<?> list) {
            return list.stream().map(ContractAbi::plain).toList();
        }
        if (v instanceof String s && s.startsWith("0x")) {
            return s.toLowerCase(Locale.ROOT);
        }
        return v;
    }

    private static byte[] bytes(String hex, String what) {
        String s = hex == null ? "" : hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (s.length() % 2 != 0) {
            throw new AbiDecodingException(what + " has an odd number of hex digits (" + s.length() + ")");
        }
        try {
            return HEX.parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new AbiDecodingException(what + " is not hex: " + e.getMessage(), e);
        }
    }
}
