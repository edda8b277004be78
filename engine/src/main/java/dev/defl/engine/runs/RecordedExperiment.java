package dev.defl.engine.runs;

import dev.defl.engine.content.ContentStore;
import dev.defl.engine.learning.DatasetManifest;
import dev.defl.engine.learning.DatasetPublisher;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.ExperimentRunner;
import dev.defl.engine.protocol.RunCancelledException;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.protocol.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * An {@link ExperimentRunner} that keeps each run in the run database: a row in status {@code running} before
 * anything starts, its rounds, epochs and transactions as they happen ({@link RunRecorder}), and its end
 * ({@code finished}, {@code stopped} or {@code failed} with the error). The dataset is published to the content store
 * first ({@link DatasetPublisher}), so the run names its dataset by CID and the IPFS pane lists it as
 * "dataset NAME" (its shards as "dataset NAME · train shard 1 of 2" …). If the database cannot be written the run goes on unrecorded (logged).
 */
public final class RecordedExperiment implements ExperimentRunner {
    private static final Logger log = LoggerFactory.getLogger(RecordedExperiment.class);

    private final ExperimentRunner runner;
    private final RunDatabase db;
    private final ContentStore content;
    private final String device;
    private final Clock clock;

    /**
     * @param runner  the runner that does the work (e.g. a {@code FederatedExperiment})
     * @param db      where runs are kept
     * @param content where the dataset is published (the workspace's content store)
     * @param device  the device the runner trains on, e.g. {@code "cpu()"} (recorded until the run reports its own)
     */
    public RecordedExperiment(ExperimentRunner runner, RunDatabase db, ContentStore content, String device) {
        this(runner, db, content, device, Clock.systemUTC());
    }

    RecordedExperiment(ExperimentRunner runner, RunDatabase db, ContentStore content, String device, Clock clock) {
        this.runner = runner;
        this.db = db;
        this.content = content;
        this.device = device;
        this.clock = clock;
    }

    @Override
    public RunReport run(ExperimentConfig config, DatasetSplit data, ModelSpec model, RunListener listener,
                         BooleanSupplier cancelled) throws Exception {
        Long runId = start(config, data, model);
        if (runId == null) return runner.run(config, data, model, listener, cancelled);
        try {
            RunReport report = runner.run(config, data, model, new RunRecorder(db, runId, listener, clock), cancelled);
            end(runId, RunStatus.FINISHED, null);
            return report;
        } catch (RunCancelledException e) {
            end(runId, RunStatus.STOPPED, null);
            throw e;
        } catch (Exception | Error e) {
            end(runId, RunStatus.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        }
    }

    private Long start(ExperimentConfig config, DatasetSplit data, ModelSpec model) {
        RunParams params = ExperimentParams.of(config, data, model, device);
        try {
            long id = db.startRun(null, params, clock.instant());
            try {
                var published = DatasetPublisher.publish(data, content, DatasetPublisher.DEFAULT_SHARD_ROWS);
                String cid = published.manifestCid().toString();
                db.setDataset(id, cid);
                String dataset = "dataset " + published.manifest().name();
                db.names().name(new ContentName(cid, dataset, ContentName.DATASET, id, null, null));
                nameShards(id, dataset + " · train", published.manifest().train());
                nameShards(id, dataset + " · test", published.manifest().test());
            } catch (IOException | RuntimeException e) {
                log.warn("run {}: the dataset could not be added to the content store ({}); recorded without its CID", id, e.toString());
            }
            return id;
        } catch (IOException e) {
            log.warn("the run database could not be written ({}); this run is not recorded", e.getMessage());
            return null;
        }
    }

    /** Names each shard of {@code part}: "dataset digits · train shard 2 of 3". */
    private void nameShards(long runId, String prefix, DatasetManifest.Part part) throws IOException {
        int count = part.shards().size();
        for (int i = 0; i < count; i++) {
            db.names().name(new ContentName(part.shards().get(i).cid(), prefix + " shard " + (i + 1) + " of " + count,
                    ContentName.DATASET, runId, null, null));
        }
    }

    private void end(long runId, RunStatus status, String error) {
        try {
            db.finishRun(runId, status, error, clock.instant());
        } catch (IOException e) {
            log.warn("run {}: cannot record its end ({}); it will show as interrupted", runId, e.getMessage());
        }
    }
}
