package dev.lifelong.data.validate;

/**
 * One rejected row: where it is and what is wrong with it.
 *
 * @param file   the input file as given
 * @param line   1-based line number
 * @param column the field at fault (its name where the input has names, else its 1-based position), or empty
 * @param reason the reason it is counted under
 * @param detail the offending value or a short explanation
 */
public record Rejection(String file, long line, String column, RejectReason reason, String detail) {

    /** {@code file:line: column 'timestamp': not a number ("12x")}. */
    public String message() {
        StringBuilder sb = new StringBuilder().append(file).append(':').append(line).append(": ");
        if (!column.isEmpty()) {
            sb.append("column '").append(column).append("': ");
        }
        sb.append(reason.description());
        if (!detail.isEmpty()) {
            sb.append(" (").append(detail).append(')');
        }
        return sb.toString();
    }
}
