package dev.defl.engine.ledger.abi;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A decoded event log.
 *
 * @param name the event name, e.g. {@code RoundFinalized}
 * @param signature the canonical signature whose keccak-256 hash is topic 0
 * @param args all arguments in declaration order, indexed ones taken from the topics
 */
public record DecodedEvent(String name, String signature, List<DecodedValue> args) {
    public DecodedEvent {
        args = List.copyOf(args);
    }

    /** The argument called {@code name}. @throws IllegalArgumentException if the event has none */
    public DecodedValue arg(String argName) {
        return args.stream().filter(a -> a.name().equals(argName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no argument " + argName));
    }

    /** E.g. {@code RoundFinalized(task=1, round=2, …)}. */
    public String display() {
        return name + args.stream().map(a -> (a.name().isEmpty() ? "" : a.name() + "=") + a.display())
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
