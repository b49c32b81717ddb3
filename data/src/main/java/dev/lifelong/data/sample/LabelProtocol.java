package dev.lifelong.data.sample;

/**
 * How samples and their labels come from the events; the chosen protocol and its parameters are recorded in
 * the dataset's metadata.
 */
public sealed interface LabelProtocol {

    /** Stable name written into metadata. */
    String name();

    /** One line for logs and reports. */
    String describe();

    /**
     * Explicit labels: every event is an impression. With a label column, its 0/1 is the label and only
     * clicked events (label 1) enter users' histories. Without one, {@code threshold} on the event's value
     * decides (MovieLens: rating >= 4 is a click) and every event, whatever its rating, is history.
     *
     * @param threshold value at or above which an event is a positive; NaN to use the label column
     */
    record Explicit(float threshold) implements LabelProtocol {
        @Override
        public String name() {
            return "explicit";
        }

        @Override
        public String describe() {
            return Float.isNaN(threshold) ? "explicit labels from the label column"
                    : "explicit labels: value >= " + threshold + " is a click";
        }
    }

    /**
     * Implicit feedback: every behaviour is a positive sample, and {@code negatives} items the user had not
     * interacted with up to that moment are drawn as negatives with the same time and history.
     */
    record SampledNegatives(int negatives, NegativeSampler sampler) implements LabelProtocol {
        public SampledNegatives {
            if (negatives < 1 || negatives > 100) {
                throw new IllegalArgumentException("negatives per positive must be 1..100, got " + negatives);
            }
        }

        @Override
        public String name() {
            return "sampled-negatives";
        }

        @Override
        public String describe() {
            return negatives + " " + sampler.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + " negative(s) per behaviour";
        }
    }

    /**
     * The academic Taobao protocol of the SIM, ETA and TWIN papers: per user, the last behaviour is the positive,
     * one item of the same category the user never interacted with is the negative, and all earlier behaviours
     * are the history.
     */
    record LastBehaviour() implements LabelProtocol {
        @Override
        public String name() {
            return "last-behaviour";
        }

        @Override
        public String describe() {
            return "per user: last behaviour positive, one same-category negative (academic Taobao protocol)";
        }
    }
}
