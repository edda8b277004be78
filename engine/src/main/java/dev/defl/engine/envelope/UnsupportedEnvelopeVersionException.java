package dev.defl.engine.envelope;

/** The envelope's magic is right but its version byte names a format this build does not read. */
public final class UnsupportedEnvelopeVersionException extends EnvelopeException {
    private final int version;

    UnsupportedEnvelopeVersionException(int version) {
        super("unsupported envelope version " + version + " (this build reads version " + EnvelopeFormat.VERSION + ")");
        this.version = version;
    }

    /** The version byte found, 0 .. 255. */
    public int version() {
        return version;
    }
}
