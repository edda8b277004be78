package dev.defl.ui;

import dev.defl.engine.content.net.RetryPolicy;
import dev.defl.ui.ipfs.IpfsView;
import dev.defl.ui.ipfs.IpfsViewModel;
import dev.defl.ui.ipfs.RemotePinsViewModel;
import dev.defl.ui.names.AddressBook;
import dev.defl.ui.names.ContentNameIndex;
import dev.defl.ui.network.CreateTaskViewModel;
import dev.defl.ui.network.JoinTaskViewModel;
import dev.defl.ui.network.NetworkServices;
import dev.defl.ui.network.NetworkSettingsViewModel;
import dev.defl.ui.network.NetworkView;
import dev.defl.ui.peers.PeersView;
import dev.defl.ui.peers.PeersViewModel;
import dev.defl.ui.runs.RunHistory;
import dev.defl.ui.runs.RunsView;
import dev.defl.ui.runs.RunsViewModel;
import dev.defl.ui.run.FirstStart;
import dev.defl.ui.status.StatusBarView;
import dev.defl.ui.status.StatusViewModel;
import dev.defl.ui.concurrent.PaneLifecycle;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.explorer.ExplorerView;
import dev.defl.ui.explorer.ExplorerViewModel;
import dev.defl.ui.timeline.TimelineView;
import dev.defl.ui.timeline.TimelineViewModel;
import dev.defl.ui.trainer.TrainerView;
import dev.defl.ui.trainer.TrainerViewModel;
import java.time.Duration;

/**
 * The seven panes of the window and the status bar's workspace details, built once the workspace is open, with the
 * wiring that makes them agree (Peers follows a run's task, the Runs pane's pick and the Network pane's join; the
 * timeline and the Trainer restored from the run database; one address book and one content name index for all).
 * {@link WorkbenchWindow} puts them in its tabs.
 */
final class WorkbenchPanes {
    final TrainerViewModel trainerModel;
    final TrainerView trainer;
    final TimelineView timeline;
    final IpfsViewModel ipfsModel;
    final RemotePinsViewModel remotePinsModel;
    final IpfsView ipfs;
    /** Removes the IPFS pane's tie to its tab; null until installed. */
    Runnable ipfsTabTie;
    final StatusBarView statusBar;
    final ExplorerViewModel explorerModel;
    final ExplorerView explorer;
    final PeersView peers;
    /** The timeline's and the peers' periodic reads, on while their tab is shown. */
    final PaneLifecycle timelineReads;
    final PaneLifecycle peersReads;
    /** The Network pane, or null when the app supplied no {@link NetworkServices}. */
    final NetworkView network;
    final RunsView runs;
    /** One label per address for every pane, and the content store's root names (both from the run database). */
    final AddressBook addressBook;
    final ContentNameIndex contentNames;

    WorkbenchPanes(WorkbenchServices services, NetworkServices networkServices, FirstStart firstStart) {
        TaskExecutor tasks = TaskExecutor.onFxThread(services.background());
        addressBook = new AddressBook(services.runs(), tasks);
        contentNames = new ContentNameIndex(services.runs(), tasks);
        TimelineViewModel timelineModel = new TimelineViewModel(services.chain(), tasks, addressBook);
        trainerModel = new TrainerViewModel(services.datasets(), services.runners(), services.content(), tasks,
                timelineModel, firstStart);
        trainerModel.curves().nameClientsFrom(addressBook);
        trainer = new TrainerView(trainerModel);
        timeline = new TimelineView(timelineModel);
        ipfsModel = new IpfsViewModel(services.content(), tasks, RetryPolicy.DEFAULT, services.ipfsEndpointsFile());
        remotePinsModel = new RemotePinsViewModel(tasks, services.pinningServiceFile(), services.pinningToken().get(),
                Duration.ofSeconds(2));
        ipfsModel.store().nameRootsFrom(contentNames);
        ipfs = new IpfsView(ipfsModel, remotePinsModel, addressBook);
        statusBar = new StatusBarView(new StatusViewModel(services.status(), tasks));
        explorerModel = new ExplorerViewModel(services.chain(), tasks);
        explorer = new ExplorerView(explorerModel, addressBook);
        PeersViewModel peersModel = new PeersViewModel(services.chain(), tasks);
        peers = new PeersView(peersModel, addressBook);
        // the Peers pane follows the task a run in this window creates (unless the user picked another task)
        trainerModel.runControl().addObserver(new dev.defl.ui.run.RunObserver() {
            private long runTask = PeersViewModel.NO_TASK;

            @Override
            public void onTaskCreated(long chainId, String contract, long taskId) {
                runTask = taskId;
                peersModel.followRun(taskId);
            }

            @Override
            public void onUpdateScreened(int round, String aggregator, String client, String cid, String verdict,
                                         boolean suspected, String reason) {
                if (suspected && runTask != PeersViewModel.NO_TASK) peersModel.recordSuspected(runTask, round, client);
            }
        });
        timelineReads = new PaneLifecycle(subs -> timeline.startRefreshing(), timeline::stopRefreshing);
        peersReads = new PaneLifecycle(subs -> peers.startRefreshing(), peers::stopRefreshing);
        RunsViewModel runsModel = new RunsViewModel(services.runs(), tasks);
        runs = new RunsView(runsModel, addressBook);
        // the Peers pane follows the run picked in the Runs pane (an experiment here: the workspace's contract)
        runsModel.selectedTaskProperty().addListener((obs, old, task) -> {
            if (task != null && task.ownChain()) peersModel.selectTask(task.taskId());
        });
        if (services.runs() != null) {
            // after a restart: the timeline's test scores, the Trainer's form and curves from the run database
            if (services.chain() != null) {
                RunHistory history = new RunHistory(services.runs(), services.chain().tasks());
                timelineModel.setStoredScores(history::scores);
            }
            RunHistory.restoreLatest(services.runs(), tasks, trainerModel::restore);
        }
        if (networkServices == null) {
            network = null;
        } else {
            JoinTaskViewModel join = new JoinTaskViewModel(networkServices, tasks, JoinTaskViewModel.OPTIONS);
            // the Peers pane follows the task joined in the Network pane
            join.joinedProperty().addListener((obs, old, task) -> {
                if (task == null) return;
                peersModel.follow(task.contract(), task.taskId());
                if (peersModel.ipfsUrlProperty().get().isBlank()) peersModel.ipfsUrlProperty().set(task.ipfsApi());
            });
            network = new NetworkView(new NetworkSettingsViewModel(networkServices.settingsFile(), tasks), join,
                    new CreateTaskViewModel(networkServices, tasks));
        }
    }

    void close() {
        trainerModel.stop();
        statusBar.deactivate();
        explorer.deactivate();
        timelineReads.deactivate();
        peersReads.deactivate();
        peers.deactivate();
        if (network != null) network.deactivate();
        if (ipfsTabTie != null) ipfsTabTie.run();
        ipfs.deactivate();
        ipfsModel.close();
        remotePinsModel.close();
        timeline.deactivate();
        trainer.deactivate();
        runs.deactivate();
        addressBook.close();
        contentNames.close();
    }
}
