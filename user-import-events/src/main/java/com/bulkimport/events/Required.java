package com.bulkimport.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A field every consumer needs (what identifies and routes the record): a record without it is
 * refused when read ({@link JsonSerde}, then the dead-letter topic), instead of being read with
 * a {@code null} or a {@code 0} in its place. Fields added later within a topic's version are
 * never required, so older records stay readable.
 */
@Target({ ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@JacksonAnnotationsInside
@JsonProperty(required = true)
public @interface Required {
}
