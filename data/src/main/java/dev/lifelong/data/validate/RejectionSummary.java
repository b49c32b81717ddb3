package dev.lifelong.data.validate;

import java.util.List;
import java.util.Map;

/** Rows read, accepted and rejected, rejections by reason and the first examples; saved in dataset.json. */
public record RejectionSummary(long read, long accepted, long rejected, Map<String, Long> byReason,
                               List<String> examples) {
}
