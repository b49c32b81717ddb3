package dev.lifelong.bench;

import dev.lifelong.data.timeline.TimelineStore;

/** A prepared dataset's users as the benchmarks that replay them take them: in turn, those with long histories. */
public final class DatasetUsers {

    private DatasetUsers() {
    }

    /**
     * The next user after {@code user} with at least {@code length} behaviours, from the first again at the end.
     *
     * @param data the dataset's folder, for the error when no user has that many
     */
    public static int next(TimelineStore t, int user, int length, String data) {
        for (int i = 0; i < t.userCount(); i++) {
            user = user + 1 < t.userCount() ? user + 1 : 1;
            if (t.length(user) >= length) {
                return user;
            }
        }
        throw new IllegalArgumentException(data + " has no user with " + length + " behaviours");
    }
}
