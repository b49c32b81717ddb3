package dev.lifelong.serve.history;

import dev.lifelong.store.Behaviours;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last few behaviours of recently seen users, kept in memory (least recently used out first) so that a
 * request whose store read fails or times out still scores on the user's recent interests, flagged as
 * degraded, instead of failing or scoring on nothing.
 */
public final class RecentBehaviours {

    private final int perUser;
    private final Map<String, Behaviours> users;

    /**
     * @param maxUsers users kept
     * @param perUser  behaviours kept per user (the models' short length is the natural choice)
     */
    public RecentBehaviours(int maxUsers, int perUser) {
        this.perUser = perUser;
        this.users = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Behaviours> eldest) {
                return size() > maxUsers;
            }
        };
    }

    /** Remembers the tail of a history just read (or appended) for {@code user}. */
    public void remember(String user, Behaviours history) {
        if (perUser == 0 || history.isEmpty()) {
            return;
        }
        int from = Math.max(0, history.size() - perUser);
        Behaviours copy = new Behaviours(history.size() - from).addAll(history, from, history.size());
        synchronized (users) {
            users.put(user, copy);
        }
    }

    /**
     * Adds online events to the user's kept tail, if the user is kept. A batch may come in any order, as the
     * store takes it: the tail is kept in time order (ties in arrival order), since a degraded read scores it as
     * a history and a history must be time-ordered.
     */
    public void append(String user, Behaviours events) {
        synchronized (users) {
            Behaviours kept = users.get(user);
            if (kept == null) {
                return;
            }
            Behaviours merged = new Behaviours(kept.size() + events.size()).addAll(kept, 0, kept.size())
                    .addAll(events, 0, events.size()).sortedByTime();
            int from = Math.max(0, merged.size() - perUser);
            users.put(user, new Behaviours(perUser).addAll(merged, from, merged.size()));
        }
    }

    /** Copies the user's kept behaviours into {@code into}; false when none are kept. */
    public boolean recall(String user, Behaviours into) {
        into.clear();
        synchronized (users) {
            Behaviours kept = users.get(user);
            if (kept == null) {
                return false;
            }
            into.addAll(kept, 0, kept.size());
            return true;
        }
    }

    public int size() {
        synchronized (users) {
            return users.size();
        }
    }
}
