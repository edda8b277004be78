package dev.defl.app;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.TrainConfig;
import dev.defl.engine.ledger.DeploymentRecord;
import dev.defl.engine.ledger.GasBalance;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.network.TaskCreator;
import dev.defl.engine.service.PeerSession;
import dev.defl.engine.network.TaskDocument;
import dev.defl.engine.network.TaskPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code defl task create|add}: the task creator's commands for a network of peers. {@code create} deploys a
 * FederatedTasks contract (or uses {@code --contract}), publishes the initial model and the task's spec document to
 * IPFS and creates the task; {@code add} registers more clients or aggregators. Both print {@code key=value} lines on
 * stdout for scripts.
 */
@Command(name = "task", mixinStandardHelpOptions = true, description = "Create a task for a network of peers and register them.",
        subcommands = {TaskCommand.Create.class, TaskCommand.Add.class})
final class TaskCommand {

    @ParentCommand
    DeflCommand parent;

    /** {@code --client} and {@code --aggregator}: the accounts to register, comma-separated or repeated. */
    static final class Participants {
        @Option(names = "--client", paramLabel = "ADDRESS", split = ",", description = "Client addresses to register.")
        List<String> clients = new ArrayList<>();

        @Option(names = "--aggregator", paramLabel = "ADDRESS", split = ",", description = "Aggregator addresses to register.")
        List<String> aggregators = new ArrayList<>();
    }

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Deploy or select the contract, publish the initial model and spec, create a task and register "
                    + "its participants. Prints contract=, task=, initial=, spec=, block= lines."})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TaskCommand task;

        @Mixin
        NetworkOption network;

        @Option(names = "--contract", paramLabel = "ADDRESS",
                description = "Use this FederatedTasks contract (default: deploy a new one from the creator's account).")
        String contract;

        @Mixin
        DatasetArgs datasetArgs;

        @Option(names = "--model", paramLabel = "MODEL", defaultValue = "mlp",
                description = "logreg, mlp (the 2NN), cnn, linreg or mlp-reg (default: ${DEFAULT-VALUE}).")
        String model;

        @Mixin
        StrategyOptions strategy;

        @Option(names = "--rounds", paramLabel = "R", defaultValue = "5",
                description = "Rounds, 1 to " + ExperimentArgs.MAX_ROUNDS + " (default: ${DEFAULT-VALUE}).")
        long rounds;

        @Option(names = "--clients-per-round", paramLabel = "K", required = true,
                description = "Updates that close a round's submissions.")
        long clientsPerRound;

        @Option(names = "--min-updates", paramLabel = "M",
                description = "Updates a round needs once its submission deadline passed (default: K).")
        Long minUpdates;

        @Option(names = "--quorum", paramLabel = "Q", required = true, description = "Aggregator votes that finalize a round.")
        int quorum;

        @Option(names = "--submission-blocks", paramLabel = "BLOCKS", defaultValue = "1000000",
                description = "Blocks a round accepts updates (default: ${DEFAULT-VALUE}, i.e. until K updates arrive).")
        long submissionBlocks;

        @Option(names = "--voting-blocks", paramLabel = "BLOCKS", defaultValue = "1000000",
                description = "Blocks after that for proposals and votes (default: ${DEFAULT-VALUE}).")
        long votingBlocks;

        @Option(names = {"--local-epochs", "-E"}, paramLabel = "E", defaultValue = "1", description = "Local epochs E (default: ${DEFAULT-VALUE}).")
        int localEpochs;

        @Option(names = {"--batch-size", "-B"}, paramLabel = "B", defaultValue = "32", description = "Batch size B (default: ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--learning-rate", paramLabel = "LR", defaultValue = "" + TrainConfig.DEFAULT_LEARNING_RATE,
                description = "Clients' Adam step size (default: ${DEFAULT-VALUE}).")
        double learningRate;

        @Option(names = "--seed", defaultValue = "42", description = "Task seed: initial model, shards, shuffles (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--reward", paramLabel = "TOKENS", defaultValue = "1",
                description = "Reward tokens per accepted update and per winning vote (default: ${DEFAULT-VALUE}).")
        BigDecimal reward;

        @Mixin
        Participants participants;

        @Mixin
        DpOptions dpOptions;

        @Mixin
        PrivateUpdatesOption privateUpdatesOption;

        @Mixin
        CommitModeOption commitModeOption;

        @Override
        public Integer call() throws Exception {
            ExperimentArgs.requireRounds(rounds); // before anything is deployed or published
            // the smallest round the aggregators aggregate is the one --byzantine must hold for
            var strategySpec = strategy.spec((int) Math.min(Integer.MAX_VALUE, minUpdates != null ? minUpdates : clientsPerRound));
            if ("fltrust".equals(strategySpec.name()) && strategySpec.rootDataset() == null) {
                throw new IllegalArgumentException("--strategy fltrust needs --root-dataset CID: the manifest CID of a small "
                        + "clean dataset the aggregators hold (defl dataset publish)");
            }
            var dp = dpOptions.setting();
            boolean merkle = commitModeOption.mode() == dev.defl.engine.protocol.CommitMode.MERKLE;
            ModelKind kind = ModelKind.parse(model);
            try (PeerSession session = network.open(task.parent)) {
                GasBalance.require(session.chain(), session.address(),
                        contract == null ? GasBalance.CREATE_GAS : GasBalance.TASK_GAS, "the task creator");
                DatasetSplit data = datasetArgs.load(seed, session.content());
                ModelSpec spec = kind.spec(data);
                TaskDocument document = TaskDocument.of(spec, data.train(), strategySpec, localEpochs, batchSize,
                        learningRate, seed, dp).withPrivateUpdates(privateUpdatesOption.privateUpdates);
                TaskContract tasks;
                if (contract != null) {
                    tasks = session.contract(contract);
                } else {
                    tasks = session.deployContract();
                    long block = tasks.deployment().map(TxResult::blockNumber).orElseGet(session.chain()::blockNumber);
                    DeploymentRecord.capture(session.chain(), tasks.address(), block)
                            .save(session.workspace().deploymentRecordFile());
                }
                BigInteger units = reward.movePointRight(18).toBigIntegerExact();
                TaskPlan plan = new TaskPlan(rounds, clientsPerRound, minUpdates != null ? minUpdates : clientsPerRound,
                        quorum, submissionBlocks, votingBlocks, units, units, participants.clients, participants.aggregators)
                        .withMerkleMode(merkle);
                TaskCreator.CreatedTask created = session.createTask(tasks, document, plan);
                System.out.println("contract=" + created.contract());
                System.out.println("chain=" + created.chainId());
                System.out.println("task=" + created.taskId());
                System.out.println("initial=" + created.initialModel());
                System.out.println("spec=" + created.spec());
                System.out.println("block=" + created.block());
                System.out.println("commit=" + commitModeOption.mode().label());
                System.out.println("topic=" + dev.defl.engine.network.Announcement.topic(created.chainId(), created.contract(),
                        created.taskId()));
                return 0;
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register more clients or aggregators (task creator only).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        TaskCommand task;

        @Mixin
        NetworkOption network;

        @Option(names = "--contract", paramLabel = "ADDRESS", required = true, description = "The FederatedTasks contract.")
        String contract;

        @Option(names = "--task", paramLabel = "T", required = true, description = "The task id.")
        long taskId;

        @Mixin
        Participants participants;

        @Override
        public Integer call() throws Exception {
            List<String> clients = participants.clients;
            List<String> aggregators = participants.aggregators;
            if (clients.isEmpty() && aggregators.isEmpty()) {
                throw new IllegalArgumentException("name at least one --client or --aggregator");
            }
            try (PeerSession session = network.open(task.parent)) {
                TaskContract tasks = session.contract(contract);
                GasBalance.require(session.chain(), session.address(), GasBalance.TASK_GAS, "the task creator");
                tasks.requireTask(taskId);
                TaskInfo info = tasks.task(taskId);
                session.addParticipants(tasks, taskId, clients, aggregators);
                System.out.println("task=" + info.taskId());
                System.out.println("clients_added=" + clients.size());
                System.out.println("aggregators_added=" + aggregators.size());
                return 0;
            }
        }
    }
}
