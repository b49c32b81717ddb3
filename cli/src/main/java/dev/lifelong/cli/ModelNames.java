package dev.lifelong.cli;

import dev.lifelong.models.frame.ModelRegistry;
import java.util.Iterator;

/** The registered model names, for help texts and completion. */
final class ModelNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return ModelRegistry.names().iterator();
    }
}
