package dev.defl.engine.runs;

/**
 * A name of a root in the content store, from the name index ({@code content_names}), e.g.
 * {@code "run 12 · round 3 · global model"}.
 *
 * @param cid    the root's CID
 * @param name   the name shown in the IPFS pane
 * @param kind   what it is: {@value #DATASET}, {@value #TASK_SPEC}, {@value #INITIAL_MODEL}, {@value #UPDATE} or
 *               {@value #GLOBAL_MODEL}
 * @param runId  the run that added it, or null
 * @param round  the round it belongs to, or null
 * @param client the 0-based client whose update it is, or null
 */
public record ContentName(String cid, String name, String kind, Long runId, Integer round, Integer client) {
    public static final String DATASET = "dataset";
    public static final String TASK_SPEC = "task spec";
    public static final String INITIAL_MODEL = "initial model";
    public static final String UPDATE = "update";
    public static final String GLOBAL_MODEL = "global model";
}
