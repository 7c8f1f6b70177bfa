package io.vigil.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.protocol.auth.TopicPolicy.Activity;
import io.vigil.protocol.auth.TopicPolicy.Permission;
import io.vigil.protocol.topic.DeviceAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicPolicyTest {

  @Test
  void deviceGetsExactlyItsOwnUplinkAndDownlink() {
    List<Permission> permissions =
        TopicPolicy.permissionsFor(new Identity.Device(new DeviceAddress("acme", "truck-1")));

    assertThat(permissions)
        .containsExactlyInAnyOrder(
            new Permission("vigil/v1/acme/truck-1/events", Activity.PUBLISH, false),
            new Permission("vigil/v1/acme/truck-1/telemetry", Activity.PUBLISH, false),
            new Permission("vigil/v1/acme/truck-1/status", Activity.PUBLISH, false),
            new Permission("vigil/v1/acme/truck-1/samples", Activity.PUBLISH, false),
            new Permission("vigil/v1/acme/truck-1/samples", Activity.SUBSCRIBE, false),
            new Permission("vigil/v1/acme/truck-1/windows", Activity.PUBLISH, false),
            new Permission("vigil/v1/acme/truck-1/cmd", Activity.SUBSCRIBE, false),
            new Permission("vigil/v1/acme/truck-1/model", Activity.SUBSCRIBE, false),
            new Permission("vigil/v1/acme/model", Activity.SUBSCRIBE, false),
            new Permission("vigil/v1/acme/model/package/+", Activity.SUBSCRIBE, false));
  }

  @Test
  void deviceFiltersHaveNoWildcardsButThePackageLevel() {
    assertThat(TopicPolicy.permissionsFor(new Identity.Device(new DeviceAddress("f", "v"))))
        .noneMatch(Permission::sharedAllowed)
        .filteredOn(p -> p.topicFilter().contains("+") || p.topicFilter().contains("#"))
        .extracting(Permission::topicFilter)
        // Four levels below vigil/v1 cannot match any vehicle's fleet/vehicle/channel topic.
        .containsExactly("vigil/v1/f/model/package/+");
  }

  @Test
  void serviceMayUseTheWholeVigilTreeWithSharedSubscriptions() {
    assertThat(TopicPolicy.permissionsFor(new Identity.Service("ingest")))
        .containsExactlyInAnyOrder(
            new Permission("vigil/v1/#", Activity.PUBLISH, false),
            new Permission("vigil/v1/#", Activity.SUBSCRIBE, true));
  }
}
