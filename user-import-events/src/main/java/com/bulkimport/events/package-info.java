/**
 * The contract between the services of bulk user import: the events and commands that cross Kafka,
 * the one registry of topics with their key and value types ({@link com.bulkimport.events.Topics}),
 * the JSON serdes, the CSV template's columns ({@link com.bulkimport.events.TemplateColumn}) and the
 * demo fixture. Nothing here depends on Spring, so downstream systems may use it as it is.
 */
package com.bulkimport.events;
