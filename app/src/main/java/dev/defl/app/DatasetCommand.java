package dev.defl.app;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ImportProfile;
import dev.defl.engine.learning.DatasetManifest;
import dev.defl.engine.learning.DatasetPublisher;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.PublishedDataset;
import dev.defl.engine.keys.OpeningContentStore;
import dev.defl.engine.keys.SealingContentStore;
import dev.defl.engine.protocol.ExperimentConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code defl dataset publish|info|preview}: datasets as content. {@code publish} adds a dataset's train and test rows
 * to the embedded store as safetensors shards plus a JSON manifest and prints the manifest's CID, which
 * {@code defl run --dataset CID} (on any peer holding the blocks) trains on. With {@code --encrypt-for} every shard and
 * the manifest are sealed for the recipients ({@link EncryptOption}); {@code info}, {@code preview} and {@code run}
 * decrypt them with the user's keystore ({@link AccountOption}).
 */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Publish a dataset to the content store (safetensors shards + a JSON manifest) and inspect it by CID.",
        subcommands = {DatasetCommand.Publish.class, DatasetCommand.Info.class, DatasetCommand.Preview.class})
final class DatasetCommand {

    /** {@code defl dataset publish DATASET}: prints a summary, then the manifest CID alone on the last line. */
    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Load DATASET (as `run --dataset` does), add it to the content store as safetensors shards "
                    + "plus a defl-dataset/1 JSON manifest, and print a summary and, on the last line, the manifest CID. "
                    + "With --encrypt-for, every shard and the manifest are encrypted for those accounts and yours; the "
                    + "CID is the encrypted manifest's.")
    static final class Publish implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ContentStoreOption store;

        @Mixin
        EncryptOption encrypt;

        @Mixin
        DatasetSource source;

        @Option(names = "--shard-rows", paramLabel = "N", defaultValue = "" + DatasetPublisher.DEFAULT_SHARD_ROWS,
                description = "Rows per shard file (default: ${DEFAULT-VALUE}).")
        int shardRows;

        @Option(names = {"-q", "--quiet"}, description = "Print only the manifest CID.")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            if (shardRows <= 0) throw new IllegalArgumentException("--shard-rows must be > 0, not " + shardRows);
            PublishedDataset published;
            EncryptOption.Plan plan = encrypt.given() || encrypt.noSelf
                    ? encrypt.plan(store.storeDirectory().getParent(), (DeflCommand) spec.root().userObject()) : null;
            try (ContentStoreOption.Writable writable = store.openForWriting(ImportProfile.CIDV1_RAW_LEAVES)) {
                var content = writable.store();
                DatasetSplit data = source.load(source.seed, source.byCid()
                        ? new OpeningContentStore(content, encrypt.account.opener(store.storeDirectory().getParent(),
                        (DeflCommand) spec.root().userObject())) : content);
                published = DatasetPublisher.publish(data, plan == null ? content : new SealingContentStore(content, plan.recipients()),
                        shardRows);
            }
            DatasetManifest m = published.manifest();
            PrintStream out = System.out;
            if (!quiet) {
                out.printf(Locale.ROOT, "dataset %s: %d features, %d classes%s%n", m.name(), m.numFeatures(), m.numClasses(),
                        m.imageShape() == null ? "" : ", image " + shape(m.imageShape()));
                out.printf(Locale.ROOT, "train %d rows in %d shards, test %d rows in %d shards%n", m.train().rows(),
                        m.train().shards().size(), m.test().rows(), m.test().shards().size());
                if (plan != null) out.println(plan.line() + ": every shard and the manifest; the CID is the encrypted manifest's");
            }
            out.println(published.manifestCid());
            return 0;
        }
    }

    /** {@code defl dataset info CID}: the manifest, as indented JSON. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Print the dataset manifest CID as indented JSON.")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ContentStoreOption store;

        @Mixin
        AccountOption account;

        @Parameters(index = "0", paramLabel = "CID", description = "The manifest CID (as printed by `dataset publish`).")
        String cid;

        @Override
        public Integer call() throws Exception {
            String text = cid.startsWith(Datasets.CID_PREFIX) ? cid.substring(Datasets.CID_PREFIX.length()) : cid;
            var content = new OpeningContentStore(store.openExisting(),
                    account.opener(store.storeDirectory().getParent(), (DeflCommand) spec.root().userObject()));
            System.out.println(DatasetPublisher.manifest(Cid.parse(text), content).toPrettyJson());
            return 0;
        }
    }

    /** {@code defl dataset preview DATASET}: shape, classes and rows per class, without publishing. */
    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = "Load DATASET (as `run --dataset` does) and print its shape, preprocessing and rows per class.")
    static final class Preview implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ContentStoreOption store;

        @Mixin
        AccountOption account;

        @Mixin
        DatasetSource source;

        @Override
        public Integer call() throws Exception {
            DatasetSplit data = source.load(source.seed, source.byCid() ? new OpeningContentStore(store.openExisting(),
                    account.opener(store.storeDirectory().getParent(), (DeflCommand) spec.root().userObject())) : null);
            PrintStream out = System.out;
            LabeledDataset train = data.train();
            out.printf(Locale.ROOT, "dataset %s: %d features, %d classes%s%n", train.name(), train.numFeatures(), train.numClasses(),
                    train.imageShape() == null ? "" : ", image " + shape(train.imageShape()));
            out.printf(Locale.ROOT, "preprocessing: %s%n", train.preprocessing() == null ? "none" : train.preprocessing());
            out.printf(Locale.ROOT, "train %d rows, per class %s%n", train.size(), Arrays.toString(train.classCounts()));
            out.printf(Locale.ROOT, "test %d rows, per class %s%n", data.test().size(), Arrays.toString(data.test().classCounts()));
            return 0;
        }
    }

    /** The DATASET parameter of {@code publish} and {@code preview}, with {@code --seed} and the CSV and image options. */
    static final class DatasetSource extends DatasetReading {
        @Parameters(index = "0", paramLabel = "DATASET",
                description = "digits, fashion-mnist, boston, a CSV / IDX file or directory, an image folder, or a dataset CID.")
        String dataset;

        @Option(names = "--seed", defaultValue = "" + ExperimentConfig.DEFAULT_SEED,
                description = "Seed of the 80/20 train/test split where the dataset has none (as `run --seed`; default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        String spec() {
            return dataset;
        }
    }

    private static String shape(int[] s) {
        return String.join("×", Arrays.stream(s).mapToObj(Integer::toString).toList());
    }
}
