package dev.lifelong.data.read;

/** Receives accepted events in file order. */
@FunctionalInterface
public interface EventSink {
    void accept(RawEvent event);
}
