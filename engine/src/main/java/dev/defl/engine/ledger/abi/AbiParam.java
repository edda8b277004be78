package dev.defl.engine.ledger.abi;

import java.util.List;

/**
 * One input of a function, event or error in a contract ABI (Solidity ABI specification, "JSON"
 * section: https://docs.soliditylang.org/en/latest/abi-spec.html#json).
 *
 * @param name the parameter's name ("" when the source gave none)
 * @param type the canonical type, e.g. {@code uint256}, {@code bytes32[]}, {@code tuple}, {@code tuple[]}
 * @param indexed for event inputs: whether the value is in a topic rather than the data
 * @param components the members of a {@code tuple} type, in order; empty otherwise
 */
public record AbiParam(String name, String type, boolean indexed, List<AbiParam> components) {
    public AbiParam {
        components = List.copyOf(components);
    }

    /** The type as it appears in a signature: tuples expanded, e.g. {@code (bytes32,uint8)[]}. */
    public String canonicalType() {
        if (!type.startsWith("tuple")) {
            return type;
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < components.size(); i++) {
            b.append(i == 0 ? "" : ",").append(components.get(i).canonicalType());
        }
        return b.append(')').append(type.substring("tuple".length())).toString();
    }

    /** Whether this is a (non-array) tuple. */
    boolean isTuple() {
        return "tuple".equals(type);
    }

    /** Whether the ABI encoding of this type is dynamic (its head holds an offset). */
    boolean isDynamic() {
        if (type.equals("bytes") || type.equals("string") || type.endsWith("[]")) {
            return true;
        }
        if (type.endsWith("]")) {
            return elementOfFixedArray().isDynamic();
        }
        if (isTuple()) {
            return components.stream().anyMatch(AbiParam::isDynamic);
        }
        return false;
    }

    /** Bytes this value occupies in the head of its enclosing tuple. */
    int headSize() {
        if (isDynamic()) {
            return 32;
        }
        if (isTuple()) {
            return components.stream().mapToInt(AbiParam::headSize).sum();
        }
        if (type.endsWith("]")) {
            return fixedArrayLength() * elementOfFixedArray().headSize();
        }
        return 32;
    }

    private int fixedArrayLength() {
        int open = type.lastIndexOf('[');
        return Integer.parseInt(type.substring(open + 1, type.length() - 1));
    }

    private AbiParam elementOfFixedArray() {
        return new AbiParam(name, type.substring(0, type.lastIndexOf('[')), false, components);
    }
}
