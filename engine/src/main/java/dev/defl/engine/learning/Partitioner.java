package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * How a training set is split over federated clients: IID, or one of three non-IID settings.
 *
 * <p>Every partitioner is a pure function of {@code (labels, numClasses, clients, seed)}: the same arguments give the
 * same partition on any machine ({@link Random} and {@link StrictMath} only; no hash ordering, no parallelism). Every
 * row is assigned to exactly one client. The result has shape {@code [clients][rows of that client]} and holds row
 * indices into the dataset.
 *
 * <ul>
 *   <li>{@link Iid}: shuffle and deal equal shares (McMahan et al. 2017, IID setting).</li>
 *   <li>{@link Dirichlet}: label skew; per class, client proportions ~ Dir(α) (Hsu, Qi &amp; Brown 2019, "Measuring the
 *       Effects of Non-Identical Data Distribution for Federated Visual Classification"). Smaller α, more skew.</li>
 *   <li>{@link Shards}: pathological label skew; sort by label, cut into shards, a few shards per client (McMahan et
 *       al. 2017, "Communication-Efficient Learning of Deep Networks from Decentralized Data", §3).</li>
 *   <li>{@link QuantitySkew}: client sizes ~ Dir(α), labels IID within each client (Li, Diao, Chen &amp; He 2022,
 *       "Federated Learning on Non-IID Data Silos: An Experimental Study", ICDE, quantity-based skew).</li>
 * </ul>
 */
public sealed interface Partitioner permits Partitioner.Iid, Partitioner.Dirichlet, Partitioner.Shards, Partitioner.QuantitySkew {

    /** Draws of per-class proportions {@link Dirichlet} tries before giving up on its minimum partition size. */
    int MAX_ATTEMPTS = 1000;
    /** Default α for the Dirichlet-based partitioners. */
    double DEFAULT_ALPHA = 0.5;
    /** Default minimum rows per client, as Flower's {@code DirichletPartitioner} ({@code min_partition_size=10}). */
    int DEFAULT_MIN_PARTITION_SIZE = 10;
    /** Shards per client in McMahan et al. 2017. */
    int DEFAULT_SHARDS_PER_CLIENT = 2;

    /**
     * Splits rows over clients.
     *
     * @param labels     class label of each row, shape {@code [rows]}, values in {@code [0, numClasses)}
     * @param numClasses number of classes
     * @param clients    number of clients, {@code 1 .. rows}
     * @param seed       seed of every random choice
     * @return row indices per client, shape {@code [clients][*]}; disjoint, covering {@code 0 .. rows-1}
     * @throws IllegalArgumentException if {@code clients} is out of range, a label is out of range, or the
     *                                  partitioner's own constraints cannot be met (the message names them)
     */
    int[][] partition(int[] labels, int numClasses, int clients, long seed);

    /** As {@link #partition(int[], int, int, long)} on {@code data}'s labels. */
    default int[][] partition(LabeledDataset data, int clients, long seed) {
        return partition(data.labels(), data.numClasses(), clients, seed);
    }

    /** The CLI name: {@code iid}, {@code dirichlet}, {@code shards} or {@code quantity}. */
    String kind();

    /** A one-line human-readable description with the parameters, e.g. {@code "Dirichlet label skew (α=0.5, min 10 rows)"}. */
    String describe();

    /** The IID partitioner (the default). */
    static Partitioner iid() {
        return new Iid();
    }

    /**
     * The partitioner named {@code kind} ({@code iid | dirichlet | shards | quantity}, case-insensitive).
     * {@code alpha} and {@code minPartitionSize} are used by {@code dirichlet} and {@code quantity} and ignored
     * otherwise; {@code shards} uses {@value #DEFAULT_SHARDS_PER_CLIENT} shards per client.
     *
     * @throws IllegalArgumentException for an unknown kind or parameters out of range, naming them
     */
    static Partitioner of(String kind, double alpha, int minPartitionSize) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "iid" -> new Iid();
            case "dirichlet" -> new Dirichlet(alpha, minPartitionSize);
            case "shards" -> new Shards(DEFAULT_SHARDS_PER_CLIENT);
            case "quantity" -> new QuantitySkew(alpha, minPartitionSize);
            default -> throw new IllegalArgumentException("partition must be one of iid, dirichlet, shards, quantity; got '" + kind + "'");
        };
    }

    /** IID: exactly {@link IidPartitioner#partition(int, int, long)} (sizes differ by at most 1). */
    record Iid() implements Partitioner {
        @Override
        public int[][] partition(int[] labels, int numClasses, int clients, long seed) {
            Partitioner.labelsAndClients(labels, numClasses, clients);
            return IidPartitioner.partition(labels.length, clients, seed);
        }

        @Override
        public String kind() {
            return "iid";
        }

        @Override
        public String describe() {
            return "IID";
        }
    }

    /**
     * Dirichlet label skew (Hsu et al. 2019), as Flower's {@code DirichletPartitioner} without self-balancing: for
     * each class {@code k}, draw {@code p ~ Dir(α, …, α)} over the clients and give client {@code j} the rows between
     * cut points {@code floor(n_k Σ_{i<j} p_i)} and {@code floor(n_k Σ_{i≤j} p_i)} of the class's shuffled rows. The
     * whole draw is repeated (up to {@value #MAX_ATTEMPTS} times) until every client has at least
     * {@code minPartitionSize} rows. α → ∞ approaches IID; α → 0 gives each class to one client.
     *
     * @param alpha            concentration α &gt; 0; smaller means more label skew
     * @param minPartitionSize minimum rows per client, ≥ 1 (a client must have data to train on)
     */
    record Dirichlet(double alpha, int minPartitionSize) implements Partitioner {
        public Dirichlet {
            Partitioner.alpha(alpha);
            Partitioner.minSize(minPartitionSize);
        }

        @Override
        public int[][] partition(int[] labels, int numClasses, int clients, long seed) {
            Partitioner.labelsAndClients(labels, numClasses, clients);
            Partitioner.minSizeFeasible("Dirichlet", minPartitionSize, clients, labels.length);
            int[][] byClass = Partitioner.rowsByClass(labels, numClasses);
            DirichletSampler sampler = new DirichletSampler(new Random(seed));
            int[][] counts = null; // [class][client]
            for (int attempt = 0; attempt < MAX_ATTEMPTS && counts == null; attempt++) {
                int[][] c = new int[numClasses][];
                int[] sizes = new int[clients];
                for (int k = 0; k < numClasses; k++) {
                    c[k] = Partitioner.cut(sampler.dirichlet(alpha, clients), byClass[k].length);
                    for (int j = 0; j < clients; j++) sizes[j] += c[k][j];
                }
                if (Arrays.stream(sizes).min().orElseThrow() >= minPartitionSize) counts = c;
            }
            if (counts == null) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "Dirichlet partition with α=%s over %d clients: no draw in %d attempts gave every client at least "
                                + "%d rows (%d rows, %d classes); raise α, lower the minimum partition size or use fewer clients",
                        alpha, clients, MAX_ATTEMPTS, minPartitionSize, labels.length, numClasses));
            }
            Random random = sampler.random();
            int[][] parts = new int[clients][];
            int[] filled = new int[clients];
            for (int j = 0; j < clients; j++) {
                int size = 0;
                for (int k = 0; k < numClasses; k++) size += counts[k][j];
                parts[j] = new int[size];
            }
            for (int k = 0; k < numClasses; k++) {
                int[] rows = byClass[k];
                SeededShuffle.shuffle(rows, random);
                int from = 0;
                for (int j = 0; j < clients; j++) {
                    System.arraycopy(rows, from, parts[j], filled[j], counts[k][j]);
                    filled[j] += counts[k][j];
                    from += counts[k][j];
                }
            }
            for (int[] part : parts) SeededShuffle.shuffle(part, random);
            return parts;
        }

        @Override
        public String kind() {
            return "dirichlet";
        }

        @Override
        public String describe() {
            return "Dirichlet label skew (α=" + alpha + ", smaller α = more skew; min " + minPartitionSize + " rows per client)";
        }
    }

    /**
     * Pathological label skew (McMahan et al. 2017): sort rows by label (ties by row index), cut them into
     * {@code shardsPerClient × clients} contiguous shards whose sizes differ by at most 1 (the first
     * {@code rows mod shards} shards get one row more; McMahan et al. had equal shards of 300), and give each client
     * {@code shardsPerClient} shards chosen by a seeded permutation. A client sees at most {@code 2 × shardsPerClient}
     * labels, and at most {@code shardsPerClient} when every class size is a multiple of the shard size.
     *
     * @param shardsPerClient shards per client, ≥ 1 (2 in the paper)
     */
    record Shards(int shardsPerClient) implements Partitioner {
        public Shards {
            if (shardsPerClient < 1) throw new IllegalArgumentException("shards per client must be >= 1, got " + shardsPerClient);
        }

        @Override
        public int[][] partition(int[] labels, int numClasses, int clients, long seed) {
            Partitioner.labelsAndClients(labels, numClasses, clients);
            int n = labels.length;
            long shards = (long) shardsPerClient * clients;
            if (shards > n) {
                throw new IllegalArgumentException("shards partition: " + clients + " clients × " + shardsPerClient
                        + " shards per client = " + shards + " shards, more than the " + n + " rows");
            }
            int[] sorted = Arrays.stream(Partitioner.rowsByClass(labels, numClasses)).flatMapToInt(Arrays::stream).toArray();
            int s = (int) shards;
            int base = n / s;
            int extra = n % s;
            int[] start = new int[s + 1];
            for (int i = 0; i < s; i++) start[i + 1] = start[i] + base + (i < extra ? 1 : 0);
            Random random = new Random(seed);
            int[] order = SeededShuffle.permutation(s, random);
            int[][] parts = new int[clients][];
            for (int c = 0; c < clients; c++) {
                int size = 0;
                for (int t = 0; t < shardsPerClient; t++) {
                    int shard = order[c * shardsPerClient + t];
                    size += start[shard + 1] - start[shard];
                }
                int[] part = new int[size];
                int at = 0;
                for (int t = 0; t < shardsPerClient; t++) {
                    int shard = order[c * shardsPerClient + t];
                    int len = start[shard + 1] - start[shard];
                    System.arraycopy(sorted, start[shard], part, at, len);
                    at += len;
                }
                SeededShuffle.shuffle(part, random);
                parts[c] = part;
            }
            return parts;
        }

        @Override
        public String kind() {
            return "shards";
        }

        @Override
        public String describe() {
            return "pathological shards (sorted by label, " + shardsPerClient + " shards per client)";
        }
    }

    /**
     * Quantity skew (Li et al. 2022, quantity-based label-independent skew): draw client shares
     * {@code q ~ Dir(α, …, α)}; client {@code j} gets {@code minPartitionSize} rows plus its share of the other
     * {@code n − clients · minPartitionSize} rows, cut at {@code floor(m Σ_{i≤j} q_i)}, taken from a seeded shuffle of
     * all rows, so labels are IID within each client and only the sizes differ. Dirichlet (not log-normal) sizes are
     * used so that α means the same as in {@link Dirichlet}: smaller α, more unequal sizes. Unlike Li et al.'s code,
     * which redraws until every client has 10 rows (for many clients and small α that almost never happens), the
     * minimum is reserved up front, so one draw always suffices.
     *
     * @param alpha            concentration α &gt; 0; smaller means more unequal client sizes
     * @param minPartitionSize minimum rows per client, ≥ 1
     */
    record QuantitySkew(double alpha, int minPartitionSize) implements Partitioner {
        public QuantitySkew {
            Partitioner.alpha(alpha);
            Partitioner.minSize(minPartitionSize);
        }

        @Override
        public int[][] partition(int[] labels, int numClasses, int clients, long seed) {
            Partitioner.labelsAndClients(labels, numClasses, clients);
            int n = labels.length;
            Partitioner.minSizeFeasible("quantity-skew", minPartitionSize, clients, n);
            DirichletSampler sampler = new DirichletSampler(new Random(seed));
            int[] sizes = Partitioner.cut(sampler.dirichlet(alpha, clients), n - clients * minPartitionSize);
            for (int j = 0; j < clients; j++) sizes[j] += minPartitionSize;
            int[] perm = SeededShuffle.permutation(n, sampler.random());
            int[][] parts = new int[clients][];
            int from = 0;
            for (int j = 0; j < clients; j++) {
                parts[j] = Arrays.copyOfRange(perm, from, from + sizes[j]);
                from += sizes[j];
            }
            return parts;
        }

        @Override
        public String kind() {
            return "quantity";
        }

        @Override
        public String describe() {
            return "quantity skew (client sizes ~ Dirichlet α=" + alpha + ", smaller α = more unequal; min "
                    + minPartitionSize + " rows per client)";
        }
    }

    private static void labelsAndClients(int[] labels, int numClasses, int clients) {
        if (numClasses < 1) throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        if (clients < 1) throw new IllegalArgumentException("clients must be >= 1, got " + clients);
        if (clients > labels.length) {
            throw new IllegalArgumentException("cannot partition " + labels.length + " rows over " + clients
                    + " clients (more clients than rows)");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of row " + i + " is outside [0, " + numClasses + ")");
            }
        }
    }

    private static void alpha(double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a positive finite number (smaller = more skew), got " + alpha);
        }
    }

    private static void minSize(int minPartitionSize) {
        if (minPartitionSize < 1) {
            throw new IllegalArgumentException("min partition size must be >= 1 (every client needs rows), got " + minPartitionSize);
        }
    }

    private static void minSizeFeasible(String what, int minPartitionSize, int clients, int rows) {
        if ((long) minPartitionSize * clients > rows) {
            throw new IllegalArgumentException(what + " partition: " + clients + " clients × min partition size "
                    + minPartitionSize + " = " + (long) minPartitionSize * clients + " rows, more than the " + rows + " rows");
        }
    }

    /** Row indices grouped by class, ascending within each class: shape {@code [numClasses][rows of that class]}. */
    private static int[][] rowsByClass(int[] labels, int numClasses) {
        int[] count = new int[numClasses];
        for (int y : labels) count[y]++;
        int[][] rows = new int[numClasses][];
        for (int k = 0; k < numClasses; k++) rows[k] = new int[count[k]];
        int[] at = new int[numClasses];
        for (int i = 0; i < labels.length; i++) rows[labels[i]][at[labels[i]]++] = i;
        return rows;
    }

    /**
     * Splits {@code n} items by proportions {@code p} (summing to 1) at the cut points {@code floor(n · Σ_{i≤j} p_i)};
     * the last share takes the rest, so the shares sum to exactly {@code n}.
     */
    private static int[] cut(double[] p, int n) {
        int[] share = new int[p.length];
        double cumulative = 0;
        int previous = 0;
        for (int j = 0; j < p.length - 1; j++) {
            cumulative += p[j];
            int point = Math.clamp((long) Math.floor(cumulative * n), previous, n);
            share[j] = point - previous;
            previous = point;
        }
        share[p.length - 1] = n - previous;
        return share;
    }
}
