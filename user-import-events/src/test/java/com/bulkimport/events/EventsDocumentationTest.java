package com.bulkimport.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** docs/events.md stays true: every sample reads into its topic's record, and says no field the record lacks. */
class EventsDocumentationTest {

    private static final Pattern SECTION = Pattern.compile("^### `([a-z.-]+\\.v\\d+)`", Pattern.MULTILINE);
    private static final Pattern SAMPLE = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void shouldDocumentEveryTopicWithSamplesThatReadIntoItsRecord() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "events.md"));
        List<String> documented = new ArrayList<>();
        Matcher section = SECTION.matcher(doc);
        List<int[]> bounds = new ArrayList<>();
        while (section.find()) {
            documented.add(section.group(1));
            bounds.add(new int[] {section.start(), 0});
        }
        assertThat(documented).containsAll(Topics.allNames());

        for (int i = 0; i < documented.size(); i++) {
            String name = documented.get(i);
            int end = i + 1 < bounds.size() ? bounds.get(i + 1)[0] : doc.length();
            String body = doc.substring(bounds.get(i)[0], end);
            Topic<String, ?> topic = Topics.EVENTS.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
            if (topic == null) {
                continue; // the dead-letter topic holds raw bytes
            }
            Matcher sample = SAMPLE.matcher(body);
            int samples = 0;
            while (sample.find()) {
                samples++;
                String json = sample.group(1);
                Object value = topic.valueSerde().deserializer().deserialize(name, json.getBytes());
                // Written back, the record has every field the sample names: the doc invents none.
                JsonNode written = Json.MAPPER.readTree(topic.valueSerde().serializer().serialize(name, cast(value)));
                JsonNode given = Json.MAPPER.readTree(json);
                given.propertyNames().forEach(field -> assertThat(written.has(field))
                        .as("%s sample field '%s'", name, field).isTrue());
            }
            assertThat(samples).as("samples of %s", name).isPositive();
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> V cast(Object value) {
        return (V) value;
    }
}
