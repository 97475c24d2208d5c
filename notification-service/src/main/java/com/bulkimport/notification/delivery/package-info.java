/**
 * Sending each email once: the Kafka Streams processor with its record of what was sent and its
 * waiting emails, the retry policy, and how an SMTP failure is read (wait for the server, try this
 * email again later, or give it up).
 */
package com.bulkimport.notification.delivery;
