package dev.defl.engine.ledger.abi;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One decoded argument of a call, event or error.
 *
 * @param name the parameter's name from the ABI ("" when unnamed)
 * @param type the parameter's canonical type, e.g. {@code uint256} or {@code (bytes32,uint8)}
 * @param value the value: {@link BigInteger} for (u)intN, lower-case 0x-hex {@code String} for
 *     address, {@code byte[]} for bytesN and bytes, {@code String} for string, {@link Boolean} for
 *     bool, {@code List<DecodedValue>} for a tuple (its members), {@code List<Object>} for an array;
 *     for an indexed event argument of a dynamic type, the 32-byte keccak-256 hash from the topic
 *     ({@code byte[]}) with {@link #hashedTopic()} true
 * @param hashedTopic whether {@code value} is only the keccak-256 hash of the argument (Solidity
 *     stores indexed dynamic values that way)
 */
public record DecodedValue(String name, String type, Object value, boolean hashedTopic) {

    /** The value as text: numbers in decimal, bytes as 0x-hex, tuples as {@code (a=1, b=0x..)}. */
    public String display() {
        return show(value);
    }

    private static String show(Object v) {
        if (v instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        if (v instanceof String s && !s.startsWith("0x")) {
            return '"' + s + '"';
        }
        if (v instanceof List<?> list) {
            if (!list.isEmpty() && list.getFirst() instanceof DecodedValue) {
                return list.stream().map(o -> (DecodedValue) o)
                        .map(d -> (d.name().isEmpty() ? "" : d.name() + "=") + d.display())
                        .collect(Collectors.joining(", ", "(", ")"));
            }
            return list.stream().map(DecodedValue::show).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(v);
    }
}
