package dev.defl.ui.trainer;

import dev.defl.engine.learning.DatasetOptions;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.ExperimentRunner;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.protocol.RunReport;
import dev.defl.ui.DatasetLoader;
import dev.defl.ui.ExperimentRunners;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The Trainer tests' stand-ins for the engine, each labelled with what it stands in for. Tests use the real engine
 * ({@link dev.defl.ui.RealEngine}) wherever it can produce what they check; a stand-in remains only where a test needs
 * something the real engine cannot be made to do on demand: an exception of a given kind at a given moment, an action
 * on the view-model at an exact point inside a run (the real run advances on its own, so such a check would race),
 * exact event values the assertions spell out, or a record of which dataset reads happen.
 * {@code why} names that reason; it is the stand-in's {@code toString()}, so a failing assertion shows it.
 */
final class StandIns {

    private StandIns() {
    }

    /** A runner that plays {@code script} (listener calls, a thrown exception, actions on the view-model). */
    static ExperimentRunner scriptedRunner(String why, ExperimentRunner script) {
        return new ScriptedRunner(why, script);
    }

    /** A runner factory that plays {@code script} (e.g. records the device asked for, or fails to set it up). */
    static ExperimentRunners scriptedRunners(String why, ExperimentRunners script) {
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(script, "script");
        return new ExperimentRunners() {
            @Override
            public ExperimentRunner onDevice(String device) throws Exception {
                return script.onDevice(device);
            }

            @Override
            public String toString() {
                return "stand-in runner factory: " + why;
            }
        };
    }

    /** A loader that plays {@code script} (e.g. records the options the Trainer passes). */
    static DatasetLoader scriptedLoader(String why, DatasetLoader script) {
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(script, "script");
        return new DatasetLoader() {
            @Override
            public DatasetSplit load(String spec, DatasetOptions options) throws Exception {
                return script.load(spec, options);
            }

            @Override
            public String toString() {
                return "stand-in loader: " + why;
            }
        };
    }

    private record ScriptedRunner(String why, ExperimentRunner script) implements ExperimentRunner {
        ScriptedRunner {
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(script, "script");
        }

        @Override
        public RunReport run(ExperimentConfig config, DatasetSplit data, ModelSpec model, RunListener listener,
                             BooleanSupplier cancelled) throws Exception {
            return script.run(config, data, model, listener, cancelled);
        }

        @Override
        public String toString() {
            return "stand-in runner: " + why;
        }
    }
}
