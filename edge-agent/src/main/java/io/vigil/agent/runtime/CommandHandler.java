package io.vigil.agent.runtime;

import io.vigil.agent.detect.SampleRequest;
import io.vigil.agent.update.ModelUpdater;
import io.vigil.agent.update.ModelUpdates;
import io.vigil.protocol.Command;
import io.vigil.protocol.UploadSamples;
import io.vigil.protocol.json.InvalidMessageException;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.ParsedTopic;
import io.vigil.protocol.topic.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cloud's commands to a vehicle ({@code .../cmd}) once each, however often QoS 1
 * redelivers them: rollback of the model (for the vehicle's update scope: the device, a simulated
 * vehicle with an updater of its own, or else its whole simulated fleet), a fresh status, and an
 * upload of unflagged stretches of driving ({@code upload_samples}, arguments as {@link
 * UploadSamples} defines them). Commands this agent version cannot carry out, or with arguments out
 * of range, are logged and ignored. The work runs on the scope's updater thread, never on the MQTT
 * thread.
 */
final class CommandHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);
  private static final int REMEMBERED = 1024;

  private final ProtocolCodec codec;
  private final ModelUpdates models;
  private final Predicate<DeviceAddress> ours;
  private final Consumer<DeviceAddress> publishStatus;
  private final BiConsumer<DeviceAddress, SampleRequest> requestSamples;
  private final Map<UUID, Boolean> seen =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };

  /**
   * @param ours whether a vehicle is run by this agent
   * @param publishStatus publishes a vehicle's status now
   * @param requestSamples hands a vehicle's upload request to its agent
   */
  CommandHandler(
      ProtocolCodec codec,
      ModelUpdates models,
      Predicate<DeviceAddress> ours,
      Consumer<DeviceAddress> publishStatus,
      BiConsumer<DeviceAddress, SampleRequest> requestSamples) {
    this.codec = codec;
    this.models = models;
    this.ours = ours;
    this.publishStatus = publishStatus;
    this.requestSamples = requestSamples;
  }

  /** Takes a message if it is a command to one of our vehicles; false otherwise. */
  boolean receive(String topic, byte[] payload) {
    Optional<DeviceAddress> device =
        Topics.parse(topic)
            .filter(t -> t.channel() == Channel.CMD)
            .flatMap(ParsedTopic::device)
            .filter(ours);
    if (device.isEmpty()) {
      return false;
    }
    Command command;
    try {
      command = codec.decode(payload, Command.class);
    } catch (InvalidMessageException e) {
      LOG.warn("invalid command on {}: {}", topic, e.getMessage());
      return true;
    }
    synchronized (seen) {
      if (seen.put(command.commandId(), Boolean.TRUE) != null) {
        return true; // a redelivery of a command already run
      }
    }
    DeviceAddress d = device.get();
    if (command.type() == Command.Type.UPLOAD_SAMPLES) {
      uploadSamples(d, command);
      return true;
    }
    Optional<ModelUpdater> updater = models.forVehicle(d);
    if (updater.isEmpty()) {
      return true;
    }
    switch (command.type()) {
      case ROLLBACK_MODEL -> {
        LOG.info("{}: rollback command {}", d, command.commandId());
        updater.get().rollback(command.args().getOrDefault("reason", ""));
      }
      case REQUEST_STATUS -> updater.get().afterPending(() -> publishStatus.accept(d));
      default ->
          LOG.warn(
              "{}: command {} ({}) is not supported by this agent version; ignored",
              d,
              command.type().wireName(),
              command.commandId());
    }
    return true;
  }

  private void uploadSamples(DeviceAddress d, Command command) {
    Map<String, String> args = command.args();
    Optional<SampleRequest> request = sampleRequest(command);
    if (request.isEmpty()) {
      LOG.warn(
          "{}: upload_samples command {} ignored: requestId must be a UUID, {}, not {}",
          d,
          command.commandId(),
          UploadSamples.RANGES,
          args);
      return;
    }
    SampleRequest r = request.get();
    LOG.info(
        "{}: uploading {} unflagged stretches, {} s apart (command {})",
        d,
        r.count(),
        Duration.ofNanos(r.spacingNs()).toSeconds(),
        command.commandId());
    requestSamples.accept(d, r);
  }

  /** The request an {@code upload_samples} command makes, if its arguments are in range. */
  static Optional<SampleRequest> sampleRequest(Command command) {
    return UploadSamples.of(command)
        .map(
            u ->
                new SampleRequest(
                    u.requestId(), u.count(), Duration.ofSeconds(u.spacingS()).toNanos()));
  }
}
