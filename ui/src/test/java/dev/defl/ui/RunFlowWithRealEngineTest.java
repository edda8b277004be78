package dev.defl.ui;

import java.util.concurrent.Executor;

/**
 * {@link RunFlowSpec} with the real engine ({@link RealEngine}): the dropped CSV is read by the engine's dataset
 * loader, and the run trains with DJL, adds updates to the shared workspace's embedded store and finalizes round 1 on
 * its anvil.
 */
class RunFlowWithRealEngineTest extends RunFlowSpec {

    @Override
    protected WorkbenchServices services(Executor background) {
        return RealEngine.services(background, RealEngine.workspace().embeddedContent());
    }
}
