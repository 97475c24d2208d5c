package com.bulkimport.notification.delivery;

import com.bulkimport.events.NotificationRequested;

/** Writes and sends one requested email. Throws when it was not sent; {@link SmtpFailure} says why. */
public interface Mailer {

    void send(NotificationRequested request);
}
