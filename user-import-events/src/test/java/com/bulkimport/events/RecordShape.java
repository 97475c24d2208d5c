package com.bulkimport.events;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A contract record's JSON shape as Jackson 3 writes it, read by reflection: each property's name
 * (the component's, or its {@code @JsonProperty} name) with its JSON type, and the required ones
 * ({@link Required}). The event contract's tests compare it with what the AsyncAPI document and the
 * committed snapshot of {@code user-created.v1} say, so that neither can drift from the records.
 * <p>
 * The JSON types, in the words of JSON Schema: {@code string}, {@code integer}, {@code boolean},
 * {@code string/date-time} (an {@link Instant}), {@code enum[A,B]}, {@code array<T>},
 * {@code set<T>} (an array of unique items), {@code map<string,T>} (an object of any keys), and a
 * nested record by its {@link #schemaName}. A type is {@code ?}-suffixed when the property may be
 * {@code null}: every reference type that is not required.
 */
record RecordShape(Class<?> type, Map<String, String> properties, Set<String> required) {

    static RecordShape of(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " is not a record");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        Set<String> required = new TreeSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                continue;
            }
            String name = jsonName(component);
            boolean isRequired = isRequired(component);
            boolean nullable = !component.getType().isPrimitive() && !isRequired;
            properties.put(name, jsonType(component.getGenericType()) + (nullable ? "?" : ""));
            if (isRequired) {
                required.add(name);
            }
        }
        return new RecordShape(type, properties, required);
    }

    /** The records a record's properties hold, nested records of nested records included. */
    static Set<Class<?>> nestedRecords(Class<?> type) {
        Set<Class<?>> found = new java.util.LinkedHashSet<>();
        collect(type, found);
        found.remove(type);
        return found;
    }

    private static void collect(Type type, Set<Class<?>> found) {
        if (type instanceof ParameterizedType p) {
            Arrays.stream(p.getActualTypeArguments()).forEach(t -> collect(t, found));
        } else if (type instanceof Class<?> c && c.isRecord() && found.add(c)) {
            Arrays.stream(c.getRecordComponents()).forEach(rc -> collect(rc.getGenericType(), found));
        }
    }

    private static String jsonName(RecordComponent component) {
        JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
        if (renamed == null) {
            renamed = component.getAnnotation(JsonProperty.class);
        }
        return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
    }

    private static boolean isRequired(RecordComponent component) {
        // @Required targets parameters, fields and methods: on a component it lands on its accessor too
        return component.getAccessor().isAnnotationPresent(Required.class);
    }

    static String jsonType(Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (Set.class.isAssignableFrom(raw)) {
                return "set<" + jsonType(args[0]) + ">";
            }
            if (Collection.class.isAssignableFrom(raw)) {
                return "array<" + jsonType(args[0]) + ">";
            }
            if (Map.class.isAssignableFrom(raw)) {
                return "map<" + jsonType(args[0]) + "," + jsonType(args[1]) + ">";
            }
            throw new IllegalArgumentException("No JSON type for " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return "string";
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            return "integer";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "boolean";
        }
        if (c == Instant.class) {
            return "string/date-time";
        }
        if (c.isEnum()) {
            return "enum" + Arrays.stream(c.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList()
                    .toString().replace(" ", "");
        }
        if (c.isRecord()) {
            return schemaName(c);
        }
        throw new IllegalArgumentException("No JSON type for " + type);
    }

    /**
     * A contract type's name in the AsyncAPI document's components: its name without the package,
     * nested types after their enclosing one ({@code UserCreated.Voicemail}, {@code NewUser.Voicemail}).
     */
    static String schemaName(Class<?> type) {
        return type.getName().substring(type.getPackageName().length() + 1).replace('$', '.');
    }

    /** The properties' names, in the record's order. */
    List<String> names() {
        return List.copyOf(properties.keySet());
    }
}
