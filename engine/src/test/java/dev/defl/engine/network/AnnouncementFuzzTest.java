package dev.defl.engine.network;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.defl.engine.content.MalformedCidException;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link Announcement#parse}, a pubsub message any peer may send: a plain
 * {@link IllegalArgumentException} (or its {@link MalformedCidException}) is the documented failure; any other
 * exception is a bug. A message that parses must format back to what parses to itself. Seed corpus:
 * {@code src/test/resources/dev/defl/engine/network/AnnouncementFuzzTestInputs/announcement/} (README "Fuzzing").
 */
class AnnouncementFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void announcement(byte[] input) {
        Announcement a;
        try {
            a = Announcement.parse(input);
        } catch (IllegalArgumentException e) {
            if (e.getClass() != IllegalArgumentException.class && !(e instanceof MalformedCidException)) throw e;
            return;
        }
        if (!Announcement.parse(a.bytes()).equals(a)) throw new AssertionError("announcement does not round-trip: " + a);
    }
}
