package dev.lifelong.cli;

import dev.lifelong.models.frame.ModelRegistry;
import java.util.Iterator;
import java.util.List;

/** The registered model names, for help texts and completion, and the check of names a user typed. */
final class ModelNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return ModelRegistry.names().iterator();
    }

    /** Fails on the first name that is not registered, listing the ones that are. */
    static List<String> check(List<String> names) {
        for (String n : names) {
            if (!ModelRegistry.names().contains(n)) {
                throw new IllegalArgumentException("unknown model '" + n + "'; known models: "
                        + String.join(", ", ModelRegistry.names()));
            }
        }
        return names;
    }
}
