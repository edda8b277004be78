package dev.defl.ui.timeline;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskParams;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12 F1: a task its creator abandoned (a stopped or killed run) shows as abandoned, never as active. */
class ChainTimelineAbandonedTest {
    private static final Cid MODEL = Cid.of(1, Cid.RAW, new byte[] {1});

    @Test
    void anAbandonedTaskAndItsUndecidedRoundAreShownAsSuch() {
        List<TaskEvent> events = List.of(
                new TaskEvent.TaskCreated(3, "0xc", TaskParams.of(MODEL, MODEL, 5, 3, 3, 1, 100, 100), "0x1", 10),
                new TaskEvent.RoundOpened(3, 1, 0, 110, 210, "0x1", 10),
                new TaskEvent.RoundFailed(3, 1, TaskEvent.FailureReason.ABANDONED, 2, "0x2", 14),
                new TaskEvent.TaskAbandoned(3, 1, 0, "0x2", 14));

        ChainTimeline timeline = ChainTimeline.of(events, 14);

        assertThat(timeline.tasks()).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo("abandoned");
            assertThat(t.label()).isEqualTo("Task 3 — abandoned, 1/5 rounds (1 failed), created block 10");
        });
        assertThat(timeline.rounds(3)).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(RoundState.FAILED);
            assertThat(r.failure()).isEqualTo("task abandoned by its creator at block 14");
        });
    }
}
