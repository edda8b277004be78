package dev.defl.ui.ipfs.endpoints;

import dev.defl.ui.concurrent.Subscriptions;
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
    private final TableView<EndpointRow> endpointTable = new TableView<>();

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
            EndpointRow row = endpointTable.getSelectionModel().getSelectedItem();
            if (row != null) model.removeEndpoint(row.name());
        });
        endpointCheckButton.setId("ipfsEndpointCheckButton");
        endpointCheckButton.setTooltip(new Tooltip("Ask every endpoint once whether it answers"));
        endpointCheckButton.setOnAction(e -> model.checkEndpoints());
        HBox endpointRow = new HBox(8, endpointField, endpointAddButton, endpointRemoveButton, endpointCheckButton);
        endpointRow.setAlignment(Pos.CENTER_LEFT);
        endpointTable.setId("ipfsEndpointTable");
        endpointTable.setPlaceholder(new Label("No endpoints: CIDs are read from the embedded store only."));
        endpointTable.setPrefHeight(130);
        endpointTable.getColumns().add(column("Endpoint", 260, EndpointRow::url));
        endpointTable.getColumns().add(column("Kind", 80, EndpointRow::kind));
        endpointTable.getColumns().add(column("Health", 80, EndpointRow::health));
        endpointTable.getColumns().add(column("Latency", 70, EndpointRow::latency));
        endpointTable.getColumns().add(column("Blocks", 60, EndpointRow::blocks));
        endpointTable.getColumns().add(column("Failures", 60, EndpointRow::failures));
        endpointTable.getColumns().add(column("Last error", 260, EndpointRow::lastError));
        endpointTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        endpointTable.setItems(model.endpointRows()); // set once: the selection survives leaving the tab
        networkPane.setId("ipfsNetwork");
        networkPane.setText("Network");
        networkPane.setContent(new VBox(6, endpointRow, endpointTable));
        networkPane.setExpanded(false);
        networkPane.setAnimated(false);
    }

    private static TableColumn<EndpointRow, String> column(String title, double width,
            Function<EndpointRow, String> value) {
        TableColumn<EndpointRow, String> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        col.setPrefWidth(width);
        col.setSortable(false);
        return col;
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
