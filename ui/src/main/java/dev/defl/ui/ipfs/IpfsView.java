package dev.defl.ui.ipfs;

import dev.defl.ui.concurrent.ActivatablePane;
import dev.defl.ui.concurrent.Subscriptions;
import dev.defl.ui.ipfs.endpoints.EndpointsView;
import dev.defl.ui.ipfs.inspector.InspectorView;
import dev.defl.ui.ipfs.store.StoreView;
import dev.defl.ui.ipfs.transfers.TransfersView;
import dev.defl.ui.names.AddressBook;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The IPFS pane, composed of its sub-panes: the store browser ({@link StoreView}: statistics, the sortable
 * and filterable table of roots, pin/unpin, garbage collection), transfers ({@link TransfersView}: uploads by
 * drag and drop or "Add file…", "Save as…" and "Export CAR…", with progress and Cancel), the collapsible
 * "Network" section ({@link EndpointsView}), the collapsible "Remote pinning" section ({@link RemotePinsView})
 * and the DAG inspector with its preview ({@link InspectorView}); one error and one message line. Selecting a
 * row inspects it. Active while its tab is shown ({@link PaneLifecycle}): {@link #activate()} binds and lists
 * the store afresh, {@link #deactivate()} undoes every binding in one call. Keys: Delete unpins the selected row
 * (after confirmation), Shortcut+F focuses the filter, Escape cancels a read through the network.
 */
public final class IpfsView extends ActivatablePane {

    private static final KeyCombination FIND = KeyCombination.keyCombination("Shortcut+F");

    private final IpfsViewModel model;
    private final BorderPane root = new BorderPane();
    private final Label error = new Label();
    private final Label message = new Label();
    private final StoreView store;
    private final TransfersView transfers;
    private final InspectorView inspector;
    private final EndpointsView endpoints;
    private final RemotePinsView remotePins;
    private final ChangeListener<PinRow> tableSelection;
    private final EventHandler<KeyEvent> keys = this::onKey;

    /**
     * @param model       the store, transfers, inspector and network endpoints
     * @param remoteModel the remote pinning service section
     */
    public IpfsView(IpfsViewModel model, RemotePinsViewModel remoteModel) {
        this(model, remoteModel, AddressBook.none());
    }

    /**
     * @param model       the store, transfers, inspector and network endpoints
     * @param remoteModel the remote pinning service section
     * @param book        names the recipients of encrypted content (the window's address book)
     */
    public IpfsView(IpfsViewModel model, RemotePinsViewModel remoteModel, AddressBook book) {
        this.model = model;
        Supplier<Window> window = () -> root.getScene() == null ? null : root.getScene().getWindow();
        // the transfer buttons sit in the store toolbar and beside the CID field; they act on those
        transfers = new TransfersView(model.transfers(), this::selectedRow, this::cidText, window);
        store = new StoreView(model.store(), transfers.addButton(), transfers.exportButton(), window, book);
        model.inspector().labelRecipientsWith(a -> model.store().isOwn(a) ? "you (" + a + ")" : book.withAddress(a));
        inspector = new InspectorView(model.inspector(), transfers.saveButton());
        endpoints = new EndpointsView(model.endpoints());
        remotePins = new RemotePinsView(remoteModel, store.selectedRows());
        tableSelection = (obs, old, row) -> {
            if (row != null) inspector.show(row.cid());
        };

        error.setId("ipfsError");
        error.getStyleClass().addAll("error-text", "error-box");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        message.setId("ipfsMessage");
        message.getStyleClass().add("step-text");
        VBox top = new VBox(8, store.header(), store.toolbar(), endpoints.root(), remotePins.root(),
                transfers.uploadBox(), transfers.transferBox(), error, message);
        top.setPadding(new Insets(0, 0, 10, 0));
        SplitPane center = new SplitPane(store.table(), inspector.root());
        center.setDividerPositions(0.56);

        root.setId("ipfsPane");
        root.setTop(top);
        root.setCenter(center);
        root.getStyleClass().addAll("ipfs", "content-panel");
        transfers.acceptDrops(root);
    }

    private Optional<PinRow> selectedRow() {
        return store.selected();
    }

    private String cidText() {
        return inspector.cidText();
    }

    public Node root() {
        return root;
    }

    /**
     * Binds the sub-panes to their view-models and lists the store afresh (runs add updates and models to
     * the store while the pane is away).
     */

    @Override
    protected void attach(Subscriptions s) {
        store.attach(s);
        transfers.attach(s, store.noSelection());
        inspector.attach(s);
        endpoints.attach(s);
        s.bind(error.textProperty(), model.errorProperty());
        s.bind(error.visibleProperty(), model.errorProperty().isNotEmpty());
        s.bind(error.managedProperty(), error.visibleProperty());
        s.bind(message.textProperty(), model.messageProperty());
        s.bind(message.visibleProperty(), model.messageProperty().isNotEmpty());
        s.bind(message.managedProperty(), message.visibleProperty());
        s.listen(store.selectedProperty(), tableSelection);
        root.addEventFilter(KeyEvent.KEY_PRESSED, keys);
        s.add(() -> root.removeEventFilter(KeyEvent.KEY_PRESSED, keys));
        remotePins.activate();
        s.add(remotePins::deactivate);
        model.store().refresh();
    }

    private void onKey(KeyEvent e) {
        if (FIND.match(e)) {
            store.focusFilter();
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE && model.inspector().readingProperty().get()) {
            model.inspector().cancelRead();
            e.consume();
        } else if (e.getCode() == KeyCode.DELETE && store.tableFocused()) {
            store.confirmUnpin();
            e.consume();
        }
    }
}
