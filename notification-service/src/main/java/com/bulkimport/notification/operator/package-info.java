/**
 * What an operator can do to the notification service: have the given-up emails of an import sent
 * again, once ({@link com.bulkimport.notification.operator.ResendEmailsEndpoint}).
 */
package com.bulkimport.notification.operator;
