package dev.defl.engine.learning;

/**
 * An update that FedAvg refuses: non-positive sample count, tensor names or shapes that differ from the first
 * update's, or a NaN/±Inf value. The message names the update index (0-based, in list order) and the tensor/element.
 */
public final class InvalidUpdateException extends IllegalArgumentException {
    private final int updateIndex;

    public InvalidUpdateException(int updateIndex, String message) {
        super(message);
        this.updateIndex = updateIndex;
    }

    /** 0-based index of the offending update in the list given to {@link FedAvg#aggregate(java.util.List)}, or -1. */
    public int updateIndex() {
        return updateIndex;
    }
}
