package dev.defl.ui.concurrent;

import javafx.beans.InvalidationListener;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriptionsTest {

    @Test
    void closeAllUndoesInReverseOrderOnce() {
        List<String> undone = new ArrayList<>();
        Subscriptions subs = new Subscriptions();
        subs.add(() -> undone.add("first"));
        subs.add(() -> undone.add("second"));
        subs.closeAll();
        subs.closeAll();
        assertThat(undone).containsExactly("second", "first");
        assertThat(subs.size()).isZero();
    }

    @Test
    void listenersStopHearingAfterCloseAll() {
        SimpleIntegerProperty value = new SimpleIntegerProperty();
        List<Number> changes = new ArrayList<>();
        int[] invalidations = {0};
        Subscriptions subs = new Subscriptions();
        subs.listen(value, (obs, was, now) -> changes.add(now));
        subs.listen(value, (InvalidationListener) obs -> invalidations[0]++);
        value.set(1);
        subs.closeAll();
        value.set(2);
        assertThat(changes).containsExactly(1);
        assertThat(invalidations[0]).isEqualTo(1);
    }

    @Test
    void bindingsAreUnboundAndKeepTheirLastValue() {
        SimpleStringProperty source = new SimpleStringProperty("a");
        SimpleObjectProperty<String> target = new SimpleObjectProperty<>();
        SimpleObjectProperty<String> peer = new SimpleObjectProperty<>("p");
        SimpleObjectProperty<String> other = new SimpleObjectProperty<>();
        Subscriptions subs = new Subscriptions();
        subs.bind(target, source);
        subs.bindBidirectional(other, peer);
        assertThat(target.get()).isEqualTo("a");
        assertThat(other.get()).isEqualTo("p");
        subs.closeAll();
        assertThat(target.isBound()).isFalse();
        source.set("b");
        peer.set("q");
        assertThat(target.get()).isEqualTo("a");
        assertThat(other.get()).isEqualTo("p");
    }

    @Test
    void everyUndoRunsEvenWhenOneThrowsAndTheFirstFailureSurfaces() {
        List<String> undone = new ArrayList<>();
        Subscriptions subs = new Subscriptions();
        subs.add(() -> undone.add("first"));
        subs.add(() -> {
            throw new IllegalStateException("listener already gone");
        });
        subs.add(() -> undone.add("third"));
        assertThatThrownBy(subs::closeAll).hasMessage("listener already gone");
        assertThat(undone).containsExactly("third", "first");
        assertThat(subs.size()).isZero();
    }
}
