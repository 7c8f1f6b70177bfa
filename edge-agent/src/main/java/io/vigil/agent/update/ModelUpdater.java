package io.vigil.agent.update;

import io.vigil.agent.detect.DetectionModel;
import io.vigil.agent.storage.AtomicJsonFile;
import io.vigil.agent.update.UpdateRecord.Installed;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.inference.pkg.ModelPackageException;
import io.vigil.mqtt.MqttClientException;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.ModelManifest;
import io.vigil.protocol.json.InvalidMessageException;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Over-the-air model updates for one scope (a device, or a fleet in fleet mode). It follows the
 * retained announcements on the fleet's model topic and, for a device, the vehicle's override
 * (which wins: canaries); fetches the announced package from its content-addressed topic; has it
 * verified and installed by the {@link ModelInstaller}; loads and self-tests it; and publishes a
 * new {@link ModelSet} that the runtime adopts between windows. A shadow announcement runs the
 * candidate beside the active model instead. Failure at any step keeps the running model and is
 * reported through the {@link Listener} (the device status). The state is kept on disk: a restart
 * resumes the active model, the previous one for rollback and the shadow; a refused package is not
 * tried again; a download that did not finish is retried after every reconnect, every retry
 * interval and every restart. All steps run on one worker thread, never on the MQTT thread.
 */
public final class ModelUpdater implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelUpdater.class);

  /** Told about every change of the update state. */
  public interface Listener {
    void updateChanged(DeviceStatus.ModelUpdate update);
  }

  /**
   * Whose announcements an updater follows.
   *
   * @param fleetId the fleet
   * @param vehicleId the vehicle whose override is honoured (device mode), if any
   */
  public record Scope(String fleetId, Optional<String> vehicleId) {

    List<String> announcementTopics() {
      List<String> topics = new ArrayList<>(List.of(Topics.fleetModel(fleetId)));
      vehicleId.ifPresent(v -> topics.add(Topics.vehicleModel(new DeviceAddress(fleetId, v))));
      return topics;
    }

    String packagePrefix() {
      String filter = Topics.modelPackages(fleetId);
      return filter.substring(0, filter.length() - 1);
    }

    Path stateFile(Path dir) {
      return dir.resolve(fleetId).resolve(vehicleId.orElse("_fleet") + ".json");
    }

    @Override
    public String toString() {
      return fleetId + vehicleId.map(v -> "." + v).orElse("");
    }
  }

  private final Scope scope;
  private final ModelInstaller installer;
  private final Path stateFile;
  private final ProtocolCodec codec;
  private final Listener listener;
  private final ScheduledExecutorService worker;
  private final Object lock = new Object();

  private volatile UpdateRecord record;
  private ModelSet published;
  private ModelSet adopted;

  // worker thread only
  private Optional<ModelManifest> fleetAnnouncement = Optional.empty();
  private Optional<ModelManifest> vehicleAnnouncement = Optional.empty();
  private ModelManifest waitingFor;

  private volatile ReconnectingMqttClient client;

  private ModelUpdater(
      Scope scope,
      ModelInstaller installer,
      Path stateFile,
      Clock clock,
      Listener listener,
      UpdateRecord record,
      ModelSet initial) {
    this.scope = scope;
    this.installer = installer;
    this.stateFile = stateFile;
    this.codec = new ProtocolCodec(clock);
    this.listener = listener;
    this.record = record;
    this.published = initial;
    this.adopted = initial;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "model-updater-" + scope);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Loads the scope's model as left by the last run (or the configured package) and starts
   * following announcements once {@link #connected} is called.
   *
   * @param stateDir where update records are kept
   * @param retryEvery how often an unfinished download is asked for again
   * @throws ModelPackageException if not even the configured package can be loaded
   */
  public static ModelUpdater start(
      Scope scope,
      ModelInstaller installer,
      Path stateDir,
      Clock clock,
      Duration retryEvery,
      Listener listener)
      throws ModelPackageException {
    return start(scope, installer, stateDir, clock, retryEvery, listener, UpdateRecord.initial());
  }

  /**
   * As {@link #start(Scope, ModelInstaller, Path, Clock, Duration, Listener)}; a scope without a
   * saved state starts from {@code inherited} (a simulated vehicle singled out from its fleet
   * starts with the fleet's active and previous models, and its refusals).
   */
  public static ModelUpdater start(
      Scope scope,
      ModelInstaller installer,
      Path stateDir,
      Clock clock,
      Duration retryEvery,
      Listener listener,
      UpdateRecord inherited)
      throws ModelPackageException {
    Path file = scope.stateFile(stateDir);
    UpdateRecord record = inherited;
    if (Files.exists(file)) {
      try {
        record = AtomicJsonFile.read(file, UpdateRecord.class);
      } catch (IOException | RuntimeException e) {
        LOG.warn("model state {} is unreadable ({}); starting from the configured model", file, e);
      }
    }
    DetectionModel active;
    try {
      active = installer.open(record.active());
    } catch (ModelPackageException e) {
      if (record.active() == null) {
        throw e;
      }
      LOG.warn(
          "{}: installed model {} cannot be loaded ({}); running the configured package",
          scope,
          record.active().version(),
          e.getMessage());
      record =
          record
              .withActive(null, record.previous())
              .withUpdate(
                  new UpdateRecord.Status(
                      "failed",
                      record.active().version(),
                      "installed model cannot be loaded: " + e.getMessage()));
      active = installer.open(null);
    }
    Optional<DetectionModel> shadow = Optional.empty();
    if (record.shadow() != null) {
      try {
        DetectionModel s = installer.open(record.shadow());
        if (s.spec().equals(active.spec())) {
          shadow = Optional.of(s);
        } else {
          s.close();
          record = record.withShadow(null);
        }
      } catch (ModelPackageException e) {
        LOG.warn("{}: shadow model cannot be loaded ({}); no shadow", scope, e.getMessage());
        record = record.withShadow(null);
      }
    }
    ModelUpdater u =
        new ModelUpdater(
            scope, installer, file, clock, listener, record, new ModelSet(active, shadow, 0));
    u.save();
    long every = Math.max(1, retryEvery.toMillis());
    u.worker.scheduleWithFixedDelay(u::requestPackage, every, every, TimeUnit.MILLISECONDS);
    return u;
  }

  public Scope scope() {
    return scope;
  }

  /** The set the runtime uses now (before adoption: the set it starts with). */
  public ModelSet current() {
    synchronized (lock) {
      return adopted;
    }
  }

  /**
   * Called by the runtime between windows: the new set if one was published since the last call
   * (models of the replaced set that it no longer uses are closed), else null.
   */
  public ModelSet adopt() {
    synchronized (lock) {
      if (published.generation() == adopted.generation()) {
        return null;
      }
      retire(adopted, published, published);
      adopted = published;
      return adopted;
    }
  }

  /** The version of the model whose events are published. */
  public String activeVersion() {
    synchronized (lock) {
      return published.active().version();
    }
  }

  /** The update state as reported in status. */
  public DeviceStatus.ModelUpdate update() {
    UpdateRecord.Status s = record.update();
    return new DeviceStatus.ModelUpdate(
        DeviceStatus.UpdateState.valueOf(s.state().toUpperCase(Locale.ROOT)),
        Optional.ofNullable(s.version()),
        Optional.ofNullable(s.detail()));
  }

  /** The record as last saved (for tests and diagnostics). */
  public UpdateRecord record() {
    return record;
  }

  /**
   * Called after every (re)connection: subscribes to the announcements (which brings their retained
   * messages again) and asks again for a package whose download did not finish.
   */
  public void connected(ReconnectingMqttClient c) {
    client = c;
    for (String topic : scope.announcementTopics()) {
      try {
        c.subscribe(topic, 1);
      } catch (MqttClientException e) {
        LOG.warn("{}: cannot subscribe to {}: {}", scope, topic, e.getMessage());
      }
    }
    worker.execute(this::requestPackage);
  }

  /** Whether {@code topic} is one this updater listens to. */
  public boolean handles(String topic) {
    return scope.announcementTopics().contains(topic) || topic.startsWith(scope.packagePrefix());
  }

  /** Takes a message of one of {@link #handles its} topics; returns at once. */
  public void receive(String topic, byte[] payload) {
    worker.execute(() -> onMessage(topic, payload));
  }

  /** Goes back to the previous model (a cloud command). */
  public void rollback(String why) {
    worker.execute(() -> doRollback(why));
  }

  /** Runs {@code task} after everything received so far is handled (for orderly tests). */
  public void afterPending(Runnable task) {
    worker.execute(task);
  }

  private void onMessage(String topic, byte[] payload) {
    try {
      if (topic.startsWith(scope.packagePrefix())) {
        onPackage(topic.substring(scope.packagePrefix().length()), payload);
        return;
      }
      Optional<ModelManifest> announcement = Optional.empty();
      if (payload.length > 0) {
        try {
          announcement = Optional.of(codec.decode(payload, ModelManifest.class));
        } catch (InvalidMessageException e) {
          LOG.warn("{}: invalid model announcement on {}: {}", scope, topic, e.getMessage());
          status("failed", null, "invalid model announcement on " + topic + ": " + e.getMessage());
        }
      }
      if (topic.equals(Topics.fleetModel(scope.fleetId()))) {
        fleetAnnouncement = announcement;
      } else {
        vehicleAnnouncement = announcement;
      }
      reconsider();
    } catch (RuntimeException e) {
      LOG.warn("{}: model update step failed: {}", scope, e.toString());
      status("failed", null, "internal error: " + e);
    }
  }

  private void reconsider() {
    Optional<ModelManifest> desired = vehicleAnnouncement.or(() -> fleetAnnouncement);
    if (waitingFor != null
        && (desired.isEmpty() || !desired.get().sha256().equals(waitingFor.sha256()))) {
      stopWaiting();
    }
    UpdatePlan.Step step =
        UpdatePlan.next(
            record,
            desired,
            desired.map(m -> installer.installed(m.sha256())).orElse(false),
            installer.maxPackageBytes());
    ModelManifest m = desired.orElse(null);
    switch (step) {
      case NOTHING_ANNOUNCED -> {
        stopShadow();
        if (!"failed".equals(record.update().state())) {
          status("idle", null, "no model announced; running " + activeVersion());
        }
      }
      case BLOCKED -> {
        String state = record.update().state();
        if ("downloading".equals(state) || "verified".equals(state)) {
          status("failed", m.version(), record.blocked().get(m.sha256()));
        }
      }
      case TOO_LARGE ->
          refuse(
              m,
              "package of "
                  + m.sizeBytes()
                  + " bytes exceeds model.max-package-bytes ("
                  + installer.maxPackageBytes()
                  + ")");
      case ALREADY_ACTIVE -> {
        stopShadow();
        if (!"active".equals(record.update().state())) {
          status("active", m.version(), "running " + m.version());
        }
      }
      case ALREADY_SHADOW -> {
        if (!"shadow".equals(record.update().state())) {
          status("shadow", m.version(), "running in shadow beside " + activeVersion());
        }
      }
      case PROMOTE_SHADOW -> promote(m);
      case DOWNLOAD -> {
        waitingFor = m;
        status(
            "downloading",
            m.version(),
            "waiting for the package on " + Topics.modelPackage(scope.fleetId(), m.sha256()));
        requestPackage();
      }
      case ACTIVATE -> activate(m);
    }
  }

  private void onPackage(String sha256, byte[] archive) {
    ModelManifest m = waitingFor;
    if (m == null || !m.sha256().equals(sha256)) {
      return; // a package of another (older or later) rollout
    }
    String actual = ModelPackage.sha256(archive);
    if (!actual.equals(m.sha256()) || archive.length != m.sizeBytes()) {
      // Wrong bytes on the package's topic: refuse them, but keep waiting, since the right ones
      // may still be published there (the announced package itself is not at fault).
      LOG.warn(
          "{}: package for {} refused: SHA-256 {} is not the announced",
          scope,
          m.version(),
          actual);
      status(
          "failed",
          m.version(),
          String.format(
              "refused: package SHA-256 %s (%d bytes) does not match the announced %s (%d bytes);"
                  + " still waiting for the announced package",
              actual, archive.length, m.sha256(), m.sizeBytes()));
      return;
    }
    try {
      installer.install(m, archive);
    } catch (ModelPackageException e) {
      if (e.problem() == ModelPackageException.Problem.MISSING_FILE) {
        // Local storage trouble, not the package's fault: keep waiting and retry.
        status("failed", m.version(), "cannot install (will retry): " + e.getMessage());
        return;
      }
      stopWaiting();
      refuse(m, e.getMessage());
      return;
    }
    stopWaiting();
    status("verified", m.version(), "signature and hashes verified");
    activate(m);
  }

  private void activate(ModelManifest m) {
    DetectionModel model;
    try {
      model = installer.open(new Installed(m.version(), m.sha256()));
    } catch (ModelPackageException e) {
      refuse(m, e.getMessage());
      return;
    }
    Installed installed = new Installed(m.version(), m.sha256());
    ModelSet now = published();
    if (m.mode() == ModelManifest.Mode.SHADOW) {
      if (!model.spec().equals(now.active().spec())) {
        model.close();
        refuse(m, "a shadow model must take the active model's input, and this one does not");
        return;
      }
      record = record.withShadow(installed);
      publish(new ModelSet(now.active(), Optional.of(model), now.generation() + 1));
      status("shadow", m.version(), "running in shadow beside " + now.active().version());
    } else {
      Installed previous = new Installed(now.active().version(), sha(record.active()));
      record = record.withActive(installed, previous).withShadow(null);
      publish(new ModelSet(model, Optional.empty(), now.generation() + 1));
      status("active", m.version(), "activated; previous model " + previous.version());
    }
  }

  private void promote(ModelManifest m) {
    ModelSet now = published();
    Installed previous = new Installed(now.active().version(), sha(record.active()));
    record = record.withActive(record.shadow(), previous).withShadow(null);
    publish(new ModelSet(now.shadow().orElseThrow(), Optional.empty(), now.generation() + 1));
    status("active", m.version(), "promoted from shadow; previous model " + previous.version());
  }

  private void stopShadow() {
    ModelSet now = published();
    if (record.shadow() == null && now.shadow().isEmpty()) {
      return;
    }
    record = record.withShadow(null);
    publish(new ModelSet(now.active(), Optional.empty(), now.generation() + 1));
  }

  private void doRollback(String why) {
    ModelSet now = published();
    Installed previous = record.previous();
    if (previous == null) {
      LOG.warn("{}: rollback requested, but there is no previous model", scope);
      status(
          record.update().state(),
          record.update().version(),
          "rollback requested, but there is no previous model");
      return;
    }
    DetectionModel model;
    try {
      model = installer.open(previous);
    } catch (ModelPackageException e) {
      status("failed", previous.version(), "cannot roll back: " + e.getMessage());
      return;
    }
    Installed from = new Installed(now.active().version(), sha(record.active()));
    if (from.sha256() != null) {
      // The rolled-back package stays announced until the cloud changes it: do not reinstall it.
      record = record.block(from.sha256(), "rolled back to " + previous.version() + " by command");
    }
    record = record.withActive(previous.sha256() == null ? null : previous, from);
    Optional<DetectionModel> shadow = now.shadow().filter(s -> s.spec().equals(model.spec()));
    if (shadow.isEmpty()) {
      record = record.withShadow(null);
    }
    publish(new ModelSet(model, shadow, now.generation() + 1));
    status(
        "active",
        previous.version(),
        "rolled back from " + from.version() + (why.isEmpty() ? "" : " (" + why + ")"));
  }

  private void refuse(ModelManifest m, String why) {
    LOG.warn("{}: model {} refused: {}", scope, m.version(), why);
    record = record.block(m.sha256(), why);
    status("failed", m.version(), "refused: " + why);
  }

  /** Subscribes again to the awaited package's topic, which brings its retained message again. */
  private void requestPackage() {
    ModelManifest m = waitingFor;
    ReconnectingMqttClient c = client;
    if (m == null || c == null || !c.isConnected()) {
      return;
    }
    String topic = Topics.modelPackage(scope.fleetId(), m.sha256());
    try {
      c.subscribe(topic, 1);
    } catch (MqttClientException e) {
      LOG.warn("{}: cannot subscribe to {}: {}", scope, topic, e.getMessage());
    }
  }

  private void stopWaiting() {
    ModelManifest m = waitingFor;
    waitingFor = null;
    ReconnectingMqttClient c = client;
    if (m != null && c != null && c.isConnected()) {
      try {
        c.unsubscribe(Topics.modelPackage(scope.fleetId(), m.sha256()));
      } catch (MqttClientException e) {
        LOG.debug("{}: unsubscribe failed: {}", scope, e.getMessage());
      }
    }
  }

  private static String sha(Installed i) {
    return i == null ? null : i.sha256();
  }

  private ModelSet published() {
    synchronized (lock) {
      return published;
    }
  }

  private void publish(ModelSet next) {
    synchronized (lock) {
      if (published != adopted) {
        retire(published, next, adopted); // never adopted: nobody runs it
      }
      published = next;
    }
  }

  /** Closes the models of {@code old} that neither {@code a} nor {@code b} uses. */
  private static void retire(ModelSet old, ModelSet a, ModelSet b) {
    List<DetectionModel> models = new ArrayList<>(List.of(old.active()));
    old.shadow().ifPresent(models::add);
    for (DetectionModel m : models) {
      if (!a.uses(m) && !b.uses(m)) {
        m.close();
      }
    }
  }

  private void status(String state, String version, String text) {
    // The status carries at most 512 printable characters of detail.
    String detail = text == null ? "" : text.replaceAll("\\p{Cntrl}", " ");
    detail = detail.length() > 500 ? detail.substring(0, 497) + "..." : detail;
    record = record.withUpdate(new UpdateRecord.Status(state, version, detail));
    save();
    LOG.info(
        "{}: model update {}{}: {}", scope, state, version == null ? "" : " " + version, detail);
    listener.updateChanged(update());
  }

  private void save() {
    try {
      AtomicJsonFile.write(stateFile, record, true);
    } catch (IOException e) {
      LOG.warn("{}: cannot save the model state to {}: {}", scope, stateFile, e.toString());
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      ModelSet none = new ModelSet(null, Optional.empty(), -1);
      if (published != adopted) {
        retire(published, adopted, adopted);
      }
      retire(adopted, none, none);
    }
  }
}
