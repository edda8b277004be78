package dev.defl.engine.content;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the CID parsers ({@link Cid#parse}, {@link Cid#fromBytes}) with Jazzer. Without
 * {@code JAZZER_FUZZ=1} the targets run once per input of the seed corpus in
 * {@code src/test/resources/dev/defl/engine/content/CidFuzzTestInputs/<method>/} (regression mode, part of
 * {@code mvn verify}); README "Fuzzing" gives the command that fuzzes them.
 */
class CidFuzzTest {
    /**
     * Any bytes, as binary CID and as CID text: a {@link MalformedCidException} is the only failure allowed, and a
     * CID that parses must print and parse back to itself.
     */
    @FuzzTest(maxDuration = "10m")
    void cid(byte[] input) {
        roundTrip(() -> Cid.fromBytes(input));
        roundTrip(() -> Cid.parse(new String(input, StandardCharsets.UTF_8)));
    }

    private static void roundTrip(java.util.function.Supplier<Cid> parse) {
        Cid cid;
        try {
            cid = parse.get();
        } catch (MalformedCidException expected) {
            return;
        }
        if (!Cid.parse(cid.toString()).equals(cid) || !Cid.fromBytes(cid.toBytes()).equals(cid)) {
            throw new AssertionError("CID " + cid + " does not round-trip");
        }
    }
}
