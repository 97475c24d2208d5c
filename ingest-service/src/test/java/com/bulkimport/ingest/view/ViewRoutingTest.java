package com.bulkimport.ingest.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.StoreKind;

/** Where a read of the view goes, and what the routing needs of its settings. */
class ViewRoutingTest {

    private static final HostInfo SELF = new HostInfo("10.0.0.1", 8080);
    private static final HostInfo OTHER = new HostInfo("10.0.0.2", 8080);

    @Test
    void shouldReadHereWhatThisInstanceHoldsInTheAccountsPartition() {
        var owner = ImportViews.owner(new KeyQueryMetadata(SELF, Set.of(), 2), SELF);
        assertThat(owner.local()).isTrue();
        assertThat(owner.partition()).isEqualTo(2);
    }

    @Test
    void shouldAskTheInstanceThatHoldsTheAccount() {
        var owner = ImportViews.owner(new KeyQueryMetadata(OTHER, Set.of(SELF), 1), SELF);
        assertThat(owner.local()).isFalse();
        assertThat(owner.host()).isEqualTo(OTHER);
    }

    @Test
    void shouldKnowNoOwnerWhileTheGroupRebalances() {
        assertThat(ImportViews.owner(KeyQueryMetadata.NOT_AVAILABLE, SELF)).isNull();
        assertThat(ImportViews.owner(new KeyQueryMetadata(HostInfo.unavailable(), Set.of(), -1), SELF)).isNull();
        assertThat(ImportViews.owner(null, SELF)).isNull();
    }

    @Test
    void shouldKeepEveryStoreInOneSubtopologyFedOnlyByTopicsKeyedByAccount() {
        // The partition of the account id is that of every store's key: one subtopology, whose
        // sources are all keyed by account id.
        TopologyDescription description = ImportViewTopology.build(StoreKind.IN_MEMORY).describe();
        assertThat(description.subtopologies()).hasSize(1);
        var nodes = description.subtopologies().iterator().next().nodes();
        assertThat(nodes.stream().filter(n -> n instanceof TopologyDescription.Processor)
                .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream()))
                .containsExactlyInAnyOrder(ImportViewTopology.ACCOUNTS_STORE, ImportViewTopology.IMPORTS_STORE,
                        ImportViewTopology.ROW_ERRORS_STORE, ImportViewTopology.USERS_STORE, ImportViewTopology.ROWS_STORE);
        assertThat(nodes.stream().filter(n -> n instanceof TopologyDescription.Source)
                .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream()))
                .containsExactlyInAnyOrder(Topics.ACCOUNT_EVENTS.name(), Topics.IMPORT_SUBMISSIONS.name(),
                        Topics.ROWS_VALIDATED.name(), Topics.IMPORT_GATES.name(), Topics.ROWS_PROVISIONED.name(),
                        Topics.NOTIFICATION_RESULTS.name());
    }

    @Test
    void shouldAdvertiseTheSettingOrTheServersAddressAndTheActualPort() throws Exception {
        assertThat(ViewConfiguration.advertisedAddress(null, "127.0.0.1", 41234)).isEqualTo("127.0.0.1:41234");
        assertThat(ViewConfiguration.advertisedAddress(" ingest-2:8080 ", "127.0.0.1", 41234)).isEqualTo("ingest-2:8080");
        String machine = java.net.InetAddress.getLocalHost().getHostAddress();
        assertThat(ViewConfiguration.advertisedAddress(null, "0.0.0.0", 8080)).isEqualTo(machine + ":8080");
        assertThat(ViewConfiguration.advertisedAddress(null, null, 8080)).isEqualTo(machine + ":8080");
    }

    @Test
    void shouldRequireASharedSecretOutsideTheLocalProfile() {
        var production = new MockEnvironment();
        assertThatThrownBy(() -> ViewSecret.of(settings(null), production))
                .isInstanceOf(ViewSecret.ViewNotConfigured.class).hasMessageContaining("bulkimport.view.secret");
        assertThatThrownBy(() -> ViewSecret.of(settings("short"), production))
                .isInstanceOf(ViewSecret.ViewNotConfigured.class).hasMessageContaining("too short");
        String secret = "x".repeat(ViewSettings.MIN_SECRET_CHARS);
        assertThat(ViewSecret.of(settings(secret), production).value()).isEqualTo(secret);
        assertThat(ViewSecret.of(settings(secret), production)).hasToString("ViewSecret[hidden]");

        var local = new MockEnvironment();
        local.setActiveProfiles("local");
        assertThat(ViewSecret.of(settings(null), local).value()).isEqualTo(ViewSecret.LOCAL);
        assertThat(ViewSecret.of(settings(secret), local).value()).isEqualTo(secret);
    }

    private static ViewSettings settings(String secret) {
        return new ViewSettings(null, secret, null, null, null, null);
    }
}
