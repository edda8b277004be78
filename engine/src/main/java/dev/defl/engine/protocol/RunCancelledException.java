package dev.defl.engine.protocol;

/** Thrown by a run that was asked to stop; the rounds finalized until then stay on chain and in the store. */
public final class RunCancelledException extends Exception {
    public RunCancelledException(String message) {
        super(message);
    }
}
