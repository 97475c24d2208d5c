package com.bulkimport.notification.delivery;

/**
 * Whether the mail server is worth trying now. One per service instance (one mail server),
 * shared by its tasks. Open while the server answers; after a failure to reach it, closed until
 * the next probe is due, with waits that double up to the policy's maximum; open again as soon as
 * an email goes through.
 */
public final class SmtpGate {

    private final DeliveryPolicy policy;
    private int failures;
    private long nextProbeAt;
    private SmtpFailure lastFailure = new SmtpFailure(SmtpFailure.Kind.SERVER_UNAVAILABLE, "mail server unreachable",
            null);

    public SmtpGate(DeliveryPolicy policy) {
        this.policy = policy;
    }

    /** True when an email may be tried now: the server answered last time, or a probe is due. */
    public synchronized boolean allowsAttempt(long now) {
        return failures == 0 || now >= nextProbeAt;
    }

    /** True while the server answers (no failure to reach it since it last did): emails go a batch at a time, not one as a probe. */
    public synchronized boolean isOpen() {
        return failures == 0;
    }

    public synchronized void unreachable(long now, SmtpFailure failure) {
        lastFailure = failure;
        failures++;
        nextProbeAt = now + policy.probeDelayMs(failures);
    }

    /** Why the server could not be reached, the last time it could not. */
    public synchronized SmtpFailure lastFailure() {
        return lastFailure;
    }

    public synchronized void reached() {
        failures = 0;
        nextProbeAt = 0;
    }
}
