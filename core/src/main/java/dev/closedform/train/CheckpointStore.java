package dev.closedform.train;

import java.util.Optional;

/** Where the loop keeps its checkpoint. Implementations must write atomically. */
public interface CheckpointStore {

    void save(Checkpoint checkpoint);

    Optional<Checkpoint> load();
}
