package dev.defl.engine.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A contract call or transaction reverted. The revert data's 4-byte selector is matched against the
 * contract's custom errors (from its ABI) and Solidity's built-in {@code Error(string)} and
 * {@code Panic(uint256)}; an unknown selector is kept as hex in {@link #errorName()}.
 *
 * <p>Unchecked: a revert is a refusal by the contract (wrong round, not registered, ...) that the
 * caller may catch and inspect, like an {@link IllegalStateException}.
 */
public final class ContractRevertException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String functionName;
    private final String errorName;
    private final transient List<Object> errorArgs;
    private final String revertData;

    /**
     * @param functionName the contract function called (or "constructor")
     * @param errorName the custom error's name, "0x" + 8 hex digits for an unknown selector, or ""
     *     when the node returned no revert data
     * @param errorArgs decoded arguments: addresses as lower-case hex String, uintN as BigInteger,
     *     bytes as byte[], string as String, bool as Boolean
     * @param revertData the raw revert data, 0x-hex ("0x" when none)
     * @param detail the formatted error with named arguments, e.g. {@code WrongRound(current=2, given=1)}
     */
    public ContractRevertException(String functionName, String errorName, List<Object> errorArgs,
            String revertData, String detail) {
        super(functionName + " reverted: " + detail);
        this.functionName = functionName;
        this.errorName = errorName;
        this.errorArgs = Collections.unmodifiableList(new ArrayList<>(errorArgs));
        this.revertData = revertData;
    }

    /** The contract function that reverted ("constructor" for a deployment). */
    public String functionName() {
        return functionName;
    }

    /** The custom error's name, e.g. {@code AlreadySubmitted}; hex selector when unknown; "" when no data. */
    public String errorName() {
        return errorName;
    }

    /** The decoded error arguments in declaration order. */
    public List<Object> errorArgs() {
        return errorArgs;
    }

    /** The raw revert data, 0x-hex. */
    public String revertData() {
        return revertData;
    }
}
