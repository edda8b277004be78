package dev.defl.ui.network;

import dev.defl.engine.network.TaskCreator;

/**
 * A task the Network pane created, as display values (the view holds no engine types): built by
 * {@link CreateTaskViewModel} from the engine's {@link TaskCreator.CreatedTask}.
 *
 * @param contract     the FederatedTasks contract's address, 0x-prefixed hex
 * @param taskId       the new task's id on that contract
 * @param initialModel the CID of the initial global model (safetensors)
 * @param spec         the CID of the task's spec document
 */
public record CreatedTaskRow(String contract, long taskId, String initialModel, String spec) {

    static CreatedTaskRow of(TaskCreator.CreatedTask task) {
        return new CreatedTaskRow(task.contract(), task.taskId(), task.initialModel().toString(), task.spec().toString());
    }
}
