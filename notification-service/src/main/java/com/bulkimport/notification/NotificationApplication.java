package com.bulkimport.notification;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Notification service. In: {@code NotificationRequested}. Out: the email over SMTP, and a
 * {@code NotificationResult} in the same Kafka transaction as the consumed offset. Unreadable
 * requests and emails that keep failing go to the dead-letter topic.
 */
@SpringBootApplication
public class NotificationApplication {

    /** Its settings are in {@code notification-service.yml}, so the four services can share one classpath (tests). */
    public static final String CONFIG = "spring.config.name=notification-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(NotificationApplication.class).properties(CONFIG).run(args);
    }
}
