package com.bulkimport.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells whether a store write that a processor marked has been committed. Under exactly-once a
 * processor's store writes are visible in its own instance at once, but they reach the changelog,
 * and so an instance that takes the partition over after a crash, only when the stream thread's
 * transaction commits. An answer given from such a write (the upload's 202 once the view has the
 * import) must wait for that commit.
 * <p>
 * The streams' producers ({@link StreamsClients}) count each stream thread's committed transactions. A
 * processor marks a key it wrote ({@link #written}), on its stream thread: the key is committed once
 * that thread has committed one more transaction, since the thread's next commit is the one that
 * carries the write. A task's marks are forgotten when its processor is initialised or closed
 * ({@link #forget}): an uncommitted write is then either gone (a dirty close wipes the task's
 * stores, restored from the changelog) or written, and marked, again.
 * <p>
 * StreamsRunner hands its instance to the processors in the streams' settings ({@link #SETTING});
 * without one (a topology test, where nothing crashes between a write and its commit) every write
 * counts as committed.
 */
public final class CommittedWrites {

    public static final String SETTING = "bulkimport.committed-writes";
    private static final CommittedWrites NONE = new CommittedWrites(false);

    private final boolean tracking;
    /** Transactions committed, by the stream thread that committed them (replaced threads stay: bounded by the replacements). */
    private final Map<Thread, AtomicLong> commits = new ConcurrentHashMap<>();
    private final Map<String, Mark> marks = new ConcurrentHashMap<>();
    private volatile Runnable beforeCommit = () -> { };

    public CommittedWrites() {
        this(true);
    }

    private CommittedWrites(boolean tracking) {
        this.tracking = tracking;
    }

    /** The instance in a processor's settings ({@code context.appConfigs()}), or one that counts every write as committed. */
    public static CommittedWrites of(Map<String, ?> settings) {
        return settings.get(SETTING) instanceof CommittedWrites writes ? writes : NONE;
    }

    /** On a stream thread: the key was just written in the task of this partition, in the transaction now open. */
    public void written(int partition, String key) {
        if (!tracking) {
            return;
        }
        marks.values().removeIf(Mark::committed);
        AtomicLong commitsHere = commitsOf(Thread.currentThread());
        marks.put(key, new Mark(partition, commitsHere, commitsHere.get()));
    }

    /** The task of this partition was (re)initialised or closed: its marks no longer stand for writes in flight. */
    public void forget(int partition) {
        marks.values().removeIf(m -> m.partition == partition);
    }

    /** Whether the key's marked write, if any, has been committed (a key never marked counts as committed). */
    public boolean committed(String key) {
        Mark mark = marks.get(key);
        if (mark == null) {
            return true;
        }
        if (!mark.committed()) {
            return false;
        }
        marks.remove(key, mark);
        return true;
    }

    /** On a stream thread, once its producer has committed a transaction ({@link StreamsClients}). */
    void committedOnThisThread() {
        commitsOf(Thread.currentThread()).incrementAndGet();
    }

    /** On a stream thread, just before its producer commits a transaction. */
    void committingOnThisThread() {
        beforeCommit.run();
    }

    /** For tests: runs on the stream thread just before each of its transactions is committed. */
    void beforeCommit(Runnable hook) {
        this.beforeCommit = hook;
    }

    private AtomicLong commitsOf(Thread thread) {
        return commits.computeIfAbsent(thread, t -> new AtomicLong());
    }

    private record Mark(int partition, AtomicLong commits, long seen) {

        boolean committed() {
            return commits.get() > seen;
        }
    }
}
