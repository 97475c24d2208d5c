package com.bulkimport.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * {@code user-created.v1} is public: its shape is a promise to systems this project does not see.
 * Each version's shape (every field of {@link UserCreated} and its nested records, with its JSON
 * type and whether it is required) is committed under {@code src/test/resources/contract/}, named by
 * topic and {@link UserCreated#SCHEMA_VERSION}; the record must have exactly the shape of its
 * current version, and keep every field of the earlier versions of its topic with its type.
 * <p>
 * So a change of the record fails here until it is versioned: fields added (and none required)
 * raise {@code SCHEMA_VERSION} on the same topic, with the new version's shape committed beside the
 * old; a field renamed, removed, retyped or made required is a new topic, {@code user-created.v2}.
 */
class UserCreatedVersionTest {

    private static final Path SNAPSHOTS = Path.of("src", "test", "resources", "contract");

    @Test
    void shouldHaveExactlyTheCommittedShapeOfItsVersion() throws IOException {
        Path snapshot = snapshot(Topics.USERS_CREATED.name(), UserCreated.SCHEMA_VERSION);
        String current = render(shapeOf(UserCreated.class));
        assertThat(snapshot).as("""
                No committed shape of %s schema version %d. If this version is new, commit its shape as %s:
                %s""", Topics.USERS_CREATED.name(), UserCreated.SCHEMA_VERSION, snapshot, current).exists();
        List<String> problems = changes(read(snapshot), shapeOf(UserCreated.class), true);
        assertThat(problems).as("""
                UserCreated's shape is not that of %s schema version %d (%s). Bump the version: add \
                user-created.v2 (a new topic in Topics) for a field renamed, removed, retyped or made required; \
                or, for fields added only, raise UserCreated.SCHEMA_VERSION and commit the new shape beside the old:
                %s""", Topics.USERS_CREATED.name(), UserCreated.SCHEMA_VERSION, snapshot, current).isEmpty();
    }

    @Test
    void shouldKeepEveryFieldOfTheEarlierVersionsOfItsTopic() throws IOException {
        Map<String, RecordShape> current = shapeOf(UserCreated.class);
        List<Path> versions;
        try (Stream<Path> files = Files.list(SNAPSHOTS.resolve(Topics.USERS_CREATED.name()))) {
            versions = files.sorted().toList();
        }
        assertThat(versions).as("committed versions").isNotEmpty();
        for (Path earlier : versions) {
            assertThat(changes(read(earlier), current, false)).as("""
                    UserCreated breaks %s: bump the version: add user-created.v2 (a new topic in Topics); a \
                    version of user-created.v1 may only add fields""", earlier).isEmpty();
        }
    }

    @Test
    void shouldTellARenamedRetypedOrAddedFieldFromTheCommittedShape() throws IOException {
        // Given the committed shape
        Map<String, Map<String, String>> committed = read(snapshot(Topics.USERS_CREATED.name(), UserCreated.SCHEMA_VERSION));
        Map<String, RecordShape> record = shapeOf(UserCreated.class);

        // When the record differs from it by a field renamed, retyped, made required, or added
        Map<String, Map<String, String>> renamed = copy(committed);
        renamed.get("UserCreated").put("mail", renamed.get("UserCreated").remove("email"));
        Map<String, Map<String, String>> retyped = copy(committed);
        retyped.get("UserCreated").put("row", "string required");
        Map<String, Map<String, String>> required = copy(committed);
        required.get("UserCreated").put("displayName", "string required");
        Map<String, Map<String, String>> older = copy(committed);
        older.get("UserCreated").remove("sipTieTrunk");

        // Then the exact comparison tells each, and the earlier-versions one all but the addition
        assertThat(changes(renamed, record, true)).anyMatch(p -> p.contains("email")).anyMatch(p -> p.contains("mail"));
        assertThat(changes(retyped, record, true)).singleElement().asString().contains("row");
        assertThat(changes(required, record, true)).singleElement().asString().contains("displayName");
        assertThat(changes(older, record, true)).singleElement().asString().contains("sipTieTrunk");
        assertThat(changes(older, record, false)).isEmpty();
        assertThat(changes(renamed, record, false)).singleElement().asString().contains("mail", "gone");
    }

    /**
     * What differs between a committed shape and the record's: every field of the committed shape
     * must be there with the same type and requirement; with {@code exact}, no other field either.
     */
    static List<String> changes(Map<String, Map<String, String>> committed, Map<String, RecordShape> record, boolean exact) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> now = fields(record);
        committed.forEach((type, fields) -> fields.forEach((field, was) -> {
            String is = now.getOrDefault(type, Map.of()).get(field);
            if (is == null) {
                problems.add(type + "." + field + " (" + was + ") is gone");
            } else if (!is.equals(was)) {
                problems.add(type + "." + field + " was " + was + ", is " + is);
            }
        }));
        if (exact) {
            now.forEach((type, fields) -> fields.forEach((field, is) -> {
                if (!committed.getOrDefault(type, Map.of()).containsKey(field)) {
                    problems.add(type + "." + field + " (" + is + ") is new");
                }
            }));
        }
        return problems;
    }

    /** The record and its nested records, by schema name. */
    static Map<String, RecordShape> shapeOf(Class<?> record) {
        Map<String, RecordShape> shapes = new LinkedHashMap<>();
        Set<Class<?>> all = new LinkedHashSet<>(List.of(record));
        all.addAll(RecordShape.nestedRecords(record));
        all.forEach(type -> shapes.put(RecordShape.schemaName(type), RecordShape.of(type)));
        return shapes;
    }

    /** Each field as "its JSON type", " required" added when it is. */
    private static Map<String, Map<String, String>> fields(Map<String, RecordShape> shapes) {
        Map<String, Map<String, String>> fields = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            Map<String, String> own = new LinkedHashMap<>();
            shape.properties().forEach((field, type) -> own.put(field,
                    type + (shape.required().contains(field) ? " required" : "")));
            fields.put(name, own);
        });
        return fields;
    }

    static String render(Map<String, RecordShape> shapes) {
        return Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(fields(shapes)) + "\n";
    }

    private static Map<String, Map<String, String>> read(Path snapshot) throws IOException {
        JsonNode tree = Json.MAPPER.readTree(Files.readString(snapshot));
        Map<String, Map<String, String>> shape = new LinkedHashMap<>();
        tree.properties().forEach(type -> {
            Map<String, String> fields = new LinkedHashMap<>();
            type.getValue().properties().forEach(f -> fields.put(f.getKey(), f.getValue().asString()));
            shape.put(type.getKey(), fields);
        });
        return shape;
    }

    private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> shape) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        shape.forEach((type, fields) -> copy.put(type, new LinkedHashMap<>(fields)));
        return copy;
    }

    private static Path snapshot(String topic, int version) {
        return SNAPSHOTS.resolve(topic).resolve("schema-" + version + ".json");
    }
}
