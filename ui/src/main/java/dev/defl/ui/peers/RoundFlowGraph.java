package dev.defl.ui.peers;

import dev.defl.ui.CidText;
import dev.defl.ui.names.AddressBook;
import dev.defl.ui.names.AddressMenu;
import javafx.scene.Node;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.defl.ui.peers.PeersView.AGGREGATOR;
import static dev.defl.ui.peers.PeersView.CLIENT;
import static dev.defl.ui.peers.PeersView.EDGE;
import static dev.defl.ui.peers.PeersView.FINALIZED;
import static dev.defl.ui.peers.PeersView.IDLE;
import static dev.defl.ui.peers.PeersView.PENDING;
import static dev.defl.ui.peers.PeersView.REJECTED;

/**
 * The Peers pane's round flow graph: clients → their updates → aggregators → proposed aggregates, solid edges for
 * proposals and dashed ones for votes; the finalized aggregate green, a rejected one red, each node with a tooltip.
 */
final class RoundFlowGraph {

    private static final double ROW = 30, TOP = 34;
    /** Fonts of the flow graph, set here (not by CSS) so that edges can start where a label ends. */
    private static final Font LABEL_FONT = Font.font("DejaVu Sans", 12),
            TITLE_FONT = Font.font("DejaVu Sans", FontWeight.BOLD, 11);
    private static final double[] COLUMN_X = {12, 190, 400, 590};

    private final Pane flow = new Pane();
    private final AddressBook book;

    /** A graph naming clients and aggregators from {@code book}. */
    RoundFlowGraph(AddressBook book) {
        this.book = book;
    }

    /** The pane the graph is drawn in. */
    Pane pane() {
        return flow;
    }

    /** Draws the flow graph of {@code round} into {@link #pane()} with one node per client, update, aggregator and CID. */
    void draw(RoundPicture round) {
        flow.getChildren().clear();
        if (round == null) {
            flow.getChildren().add(new Text(COLUMN_X[0], 20, "No round to show yet."));
            return;
        }
        List<Node> edges = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        String[] titles = {"Clients", "Updates", "Aggregators", "Proposals"};
        for (int i = 0; i < titles.length; i++) {
            Text t = new Text(COLUMN_X[i], 14, titles[i]);
            t.setFont(TITLE_FONT);
            t.setFill(Color.web("#6b7380"));
            t.getStyleClass().add("flow-title");
            nodes.add(t);
        }
        Set<String> clients = new LinkedHashSet<>();
        for (RoundPicture.Update u : round.updates()) clients.add(u.client());
        Map<String, Double> clientY = place(clients);
        Map<String, Double> aggregatorY = new HashMap<>();
        Set<String> aggregators = new LinkedHashSet<>(round.aggregators());
        for (RoundPicture.Proposal p : round.proposals()) aggregators.addAll(p.voters());
        aggregatorY.putAll(place(aggregators));
        Set<String> proposers = new LinkedHashSet<>();
        for (RoundPicture.Proposal p : round.proposals()) proposers.addAll(p.proposers());

        Map<String, Double> clientOut = new HashMap<>();
        for (String c : clients) {
            List<Node> n = node(COLUMN_X[0], clientY.get(c), CLIENT, fit(book.display(c)), book.describe(c), "flow-client");
            for (Node part : n) AddressMenu.install(part, book, c);
            clientOut.put(c, rightOf(n));
            nodes.addAll(n);
        }
        Map<String, Double> aggregatorOut = new HashMap<>();
        for (String a : aggregators) {
            boolean acted = round.proposals().stream().anyMatch(p -> p.voters().contains(a));
            List<Node> n = node(COLUMN_X[2], aggregatorY.get(a), acted ? AGGREGATOR : IDLE, fit(book.display(a)),
                    book.describe(a), "flow-aggregator");
            for (Node part : n) AddressMenu.install(part, book, a);
            aggregatorOut.put(a, rightOf(n));
            nodes.addAll(n);
        }
        for (int i = 0; i < round.updates().size(); i++) {
            RoundPicture.Update u = round.updates().get(i);
            double y = TOP + i * ROW;
            edges.add(edge(clientOut.get(u.client()), clientY.get(u.client()), COLUMN_X[1], y, EDGE, false));
            List<Node> n = node(COLUMN_X[1], y, CLIENT.deriveColor(0, 1, 1, 0.7), CidText.shorten(u.cid())
                    + "  " + u.numSamples(), u.cid() + "\n" + u.numSamples() + " samples from " + book.withAddress(u.client()),
                    "flow-update");
            nodes.addAll(n);
            for (String a : proposers) {
                edges.add(edge(rightOf(n), y, COLUMN_X[2], aggregatorY.get(a), EDGE, false));
            }
        }
        for (int i = 0; i < round.proposals().size(); i++) {
            RoundPicture.Proposal p = round.proposals().get(i);
            double y = TOP + i * ROW;
            boolean won = p.outcome() == RoundPicture.Outcome.FINALIZED;
            boolean rejected = p.outcome() == RoundPicture.Outcome.REJECTED;
            Color color = won ? FINALIZED : rejected ? REJECTED : PENDING;
            for (String voter : p.voters()) {
                edges.add(edge(aggregatorOut.get(voter), aggregatorY.get(voter), COLUMN_X[3], y, color,
                        !p.proposers().contains(voter)));
            }
            String label = CidText.shorten(p.cid()) + "  " + p.voters().size() + " vote"
                    + (p.voters().size() == 1 ? "" : "s") + (won ? "  ✓ finalized" : rejected ? "  ✗ rejected" : "");
            List<Node> proposal = node(COLUMN_X[3], y, color, label, p.cid() + "\nproposed by " + book.withAddress(p.aggregator()),
                    won ? "flow-finalized" : rejected ? "flow-rejected" : "flow-proposal");
            if (won) ((Circle) proposal.getFirst()).setRadius(9);
            nodes.addAll(proposal);
        }
        flow.getChildren().addAll(edges);
        flow.getChildren().addAll(nodes);
        int rows = Math.max(Math.max(clients.size(), round.updates().size()),
                Math.max(aggregators.size(), round.proposals().size()));
        flow.setPrefSize(COLUMN_X[3] + 290, TOP + Math.max(1, rows) * ROW);
    }

    /** A name cut to fit its column (the tooltip has it whole). */
    private static String fit(String name) {
        return name.length() <= 24 ? name : name.substring(0, 23) + "…";
    }

    private static Map<String, Double> place(Set<String> keys) {
        Map<String, Double> y = new HashMap<>();
        int i = 0;
        for (String key : keys) y.put(key, TOP + (i++) * ROW);
        return y;
    }

    /** The x just right of a node's label ({@link #node}: its dot, then its text). */
    private static double rightOf(List<Node> node) {
        Text text = (Text) node.get(1);
        return text.getX() + text.getLayoutBounds().getWidth() + 6;
    }

    /** An edge from {@code (x1, y1)} (right of a label) to the dot whose left edge is at {@code x2}. */
    private static Line edge(double x1, double y1, double x2, double y2, Color color, boolean dashed) {
        Line line = new Line(x1, y1, x2, y2);
        line.setStroke(color);
        line.setStrokeWidth(dashed ? 1.4 : 1.8);
        if (dashed) line.getStrokeDashArray().setAll(5.0, 4.0);
        return line;
    }

    private static List<Node> node(double x, double y, Color color, String label, String tooltip, String styleClass) {
        Circle dot = new Circle(x + 7, y, 7, color);
        dot.getStyleClass().add(styleClass);
        Tooltip.install(dot, new Tooltip(tooltip));
        Text text = new Text(x + 18, y + 4, label);
        text.setFont(LABEL_FONT);
        text.getStyleClass().addAll("flow-label", styleClass + "-label");
        Tooltip.install(text, new Tooltip(tooltip));
        return List.of(dot, text);
    }
}
