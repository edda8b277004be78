package dev.defl.ui.ipfs.endpoints;

import dev.defl.ui.concurrent.Subscriptions;
import dev.defl.engine.content.net.EndpointHealth;
import dev.defl.engine.content.net.EndpointKind;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.function.Function;

/**
 * The collapsible "Network" section of the IPFS pane: the IPFS endpoints (editable: Add, Remove, Check) with
 * their health, through which the inspector and "Save as…" read CIDs the store lacks. Binds to
 * {@link EndpointsViewModel} in {@link #attach}.
 */
public final class EndpointsView {

    private final EndpointsViewModel model;
    private final TitledPane networkPane = new TitledPane();
    private final TextField endpointField = new TextField();
    private final Button endpointAddButton = new Button("Add");
    private final Button endpointRemoveButton = new Button("Remove");
    private final Button endpointCheckButton = new Button("Check");
    private final TableView<EndpointHealth> endpointTable = new TableView<>();

    public EndpointsView(EndpointsViewModel model) {
        this.model = model;
        endpointField.setId("ipfsEndpointField");
        endpointField.setPromptText("kubo:http://127.0.0.1:5001 or gateway:https://host");
        HBox.setHgrow(endpointField, Priority.ALWAYS);
        endpointField.setOnAction(e -> model.addEndpoint());
        endpointAddButton.setId("ipfsEndpointAddButton");
        endpointAddButton.setOnAction(e -> model.addEndpoint());
        endpointRemoveButton.setId("ipfsEndpointRemoveButton");
        endpointRemoveButton.setOnAction(e -> {
            EndpointHealth row = endpointTable.getSelectionModel().getSelectedItem();
            if (row != null) model.removeEndpoint(endpointName(row));
        });
        endpointCheckButton.setId("ipfsEndpointCheckButton");
        endpointCheckButton.setTooltip(new Tooltip("Ask every endpoint once whether it answers"));
        endpointCheckButton.setOnAction(e -> model.checkEndpoints());
        HBox endpointRow = new HBox(8, endpointField, endpointAddButton, endpointRemoveButton, endpointCheckButton);
        endpointRow.setAlignment(Pos.CENTER_LEFT);
        endpointTable.setId("ipfsEndpointTable");
        endpointTable.setPlaceholder(new Label("No endpoints: CIDs are read from the embedded store only."));
        endpointTable.setPrefHeight(130);
        endpointTable.getColumns().add(column("Endpoint", 260, h -> h.url().toString()));
        endpointTable.getColumns().add(column("Kind", 80, h -> switch (h.kind()) {
            case KUBO_RPC -> "node";
            case TRUSTLESS_GATEWAY -> "gateway";
        }));
        endpointTable.getColumns().add(column("Health", 80, h -> h.healthy() ? "healthy" : "unhealthy"));
        endpointTable.getColumns().add(column("Latency", 70, h -> h.lastLatencyMillis() < 0 ? "—" : h.lastLatencyMillis() + " ms"));
        endpointTable.getColumns().add(column("Blocks", 60, h -> Long.toString(h.successes())));
        endpointTable.getColumns().add(column("Failures", 60, h -> Long.toString(h.failures())));
        endpointTable.getColumns().add(column("Last error", 260, h -> h.lastError() == null ? "" : h.lastError()));
        endpointTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        endpointTable.setItems(model.endpointHealth()); // set once: the selection survives leaving the tab
        networkPane.setId("ipfsNetwork");
        networkPane.setText("Network");
        networkPane.setContent(new VBox(6, endpointRow, endpointTable));
        networkPane.setExpanded(false);
        networkPane.setAnimated(false);
    }

    private static TableColumn<EndpointHealth, String> column(String title, double width,
            Function<EndpointHealth, String> value) {
        TableColumn<EndpointHealth, String> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        col.setPrefWidth(width);
        col.setSortable(false);
        return col;
    }

    /** The endpoint as the view-model lists it: {@code kubo:URL} or {@code gateway:URL}. */
    private static String endpointName(EndpointHealth health) {
        return (health.kind() == EndpointKind.KUBO_RPC ? "kubo:" : "gateway:") + health.url();
    }

    public Node root() {
        return networkPane;
    }

    /** Binds to the view-model, recording each undo in {@code s}. */
    public void attach(Subscriptions s) {
        s.bindBidirectional(endpointField.textProperty(), model.endpointInputProperty());
        s.bind(endpointRemoveButton.disableProperty(), endpointTable.getSelectionModel().selectedItemProperty().isNull());
    }
}
