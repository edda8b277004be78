package dev.defl.engine.ledger.abi;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A decoded function call (a transaction's input) or a decoded custom error (revert data).
 *
 * @param name the function or error name, e.g. {@code submitUpdate}
 * @param signature the canonical signature the 4-byte selector is the keccak-256 prefix of, e.g.
 *     {@code submitUpdate(uint256,uint256,bytes32,uint64,uint64)}
 * @param selector 0x + 8 lower-case hex digits
 * @param args the decoded arguments in declaration order
 */
public record DecodedCall(String name, String signature, String selector, List<DecodedValue> args) {
    public DecodedCall {
        args = List.copyOf(args);
    }

    /** E.g. {@code vote(task=1, round=2, digest=0x…)}. */
    public String display() {
        return name + args.stream().map(a -> (a.name().isEmpty() ? "" : a.name() + "=") + a.display())
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
