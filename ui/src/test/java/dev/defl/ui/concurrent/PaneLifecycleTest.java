package dev.defl.ui.concurrent;

import javafx.beans.property.SimpleIntegerProperty;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaneLifecycleTest {

    @Test
    void activateAndDeactivateAreIdempotentAndDeactivationClosesSubscriptionsFirst() {
        List<String> calls = new ArrayList<>();
        SimpleIntegerProperty model = new SimpleIntegerProperty();
        PaneLifecycle pane = new PaneLifecycle(subs -> {
            calls.add("activate");
            subs.listen(model, (obs, was, now) -> calls.add("heard " + now));
            subs.add(() -> calls.add("unsubscribed"));
        }, () -> calls.add("deactivate"));

        pane.activate();
        pane.activate();
        assertThat(pane.isActive()).isTrue();
        model.set(1);
        pane.deactivate();
        pane.deactivate();
        model.set(2);
        assertThat(pane.isActive()).isFalse();
        assertThat(calls).containsExactly("activate", "heard 1", "unsubscribed", "deactivate");
    }

    @Test
    void aSecondActivationAttachesAfresh() {
        SimpleIntegerProperty model = new SimpleIntegerProperty();
        List<Number> heard = new ArrayList<>();
        PaneLifecycle pane = new PaneLifecycle(subs -> subs.listen(model, (obs, was, now) -> heard.add(now)));
        pane.activate();
        pane.deactivate();
        pane.activate();
        model.set(5);
        assertThat(heard).containsExactly(5);
    }

    @Test
    void aFailedActivationLeavesNothingAttached() {
        SimpleIntegerProperty model = new SimpleIntegerProperty();
        List<Number> heard = new ArrayList<>();
        PaneLifecycle pane = new PaneLifecycle(subs -> {
            subs.listen(model, (obs, was, now) -> heard.add(now));
            throw new IllegalStateException("no data set");
        });
        assertThatThrownBy(pane::activate).hasMessage("no data set");
        assertThat(pane.isActive()).isFalse();
        model.set(1);
        assertThat(heard).isEmpty();
    }
}
